import { Field, ID, InputType } from 'type-graphql';
import { EnvironmentType } from '../../core/model.js';
import type { EnvironmentChange } from '../../domains/environments/environment.service.js';

@InputType('CreateEnvironmentInput')
export class CreateEnvironmentInput {
  @Field(() => String) name!: string;
  @Field(() => EnvironmentType) type!: EnvironmentType;
}

@InputType('UpdateEnvironmentInput')
export class UpdateEnvironmentInput implements EnvironmentChange {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => EnvironmentType, { nullable: true }) type?: EnvironmentType | null;
}

@InputType('DeleteEnvironmentInput')
export class DeleteEnvironmentInput {
  @Field(() => ID) id!: string;
}
