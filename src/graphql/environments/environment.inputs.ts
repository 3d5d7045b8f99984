import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors.js';
import { EnvironmentType } from '../../store/entities/environment.entity.js';
import { EnvironmentNode } from './environment.type.js';

@InputType('CreateEnvironmentInput')
export class CreateEnvironmentInput {
  @Field(() => String) name!: string;
  @Field(() => EnvironmentType) type!: EnvironmentType;
}

@InputType('UpdateEnvironmentInput')
export class UpdateEnvironmentInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => EnvironmentType, { nullable: true }) type?: EnvironmentType | null;
}

@InputType('DeleteEnvironmentInput')
export class DeleteEnvironmentInput {
  @Field(() => ID) id!: string;
}

@ObjectType('EnvironmentPayload')
export class EnvironmentPayload {
  @Field(() => EnvironmentNode, { nullable: true }) environment!: EnvironmentNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType('DeletePayload')
export class DeletePayload {
  @Field(() => ID, { nullable: true, description: 'The ID of what was deleted.' }) deletedId!: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'For a client: whether it was deleted in its identity provider too, or only in the platform.',
  })
  deletedInProvider?: boolean | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
