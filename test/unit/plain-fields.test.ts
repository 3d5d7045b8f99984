import 'reflect-metadata';
import { parse, type GraphQLObjectType } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { Authorized, buildSchema, Field, ObjectType, Query, Resolver, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { plainFieldsResolveByProperty } from '../../src/graphql/code-first-schema.js';

const shout: MiddlewareFn = async (_data, next) => String(await next()).toUpperCase();

@ObjectType('PlainFieldsGuarded')
class Guarded {
  @Field(() => String) open!: string;
  @Authorized('ADMIN')
  @Field(() => String, { nullable: true })
  guarded!: string;
  @Field(() => String, { name: 'renamed' }) property!: string;
  @UseMiddleware(shout)
  @Field(() => String)
  shouted!: string;
}

@Authorized('ADMIN')
@ObjectType('PlainFieldsClassGuarded')
class ClassGuarded {
  @Field(() => String, { nullable: true }) inside!: string;
}

@Resolver()
class GuardedResolver {
  @Query(() => ClassGuarded)
  plainFieldsClassGuarded(): ClassGuarded {
    return Object.assign(new ClassGuarded(), { inside: 'inside' });
  }

  @Query(() => Guarded)
  plainFieldsGuarded(): Guarded {
    return Object.assign(new Guarded(), { open: 'open', guarded: 'guarded', property: 'property', shouted: 'shouted' });
  }
}

/** graphql/schema.ts: plain properties resolve by reading them; a field with a check keeps it, compiled or not. */
describe('plain fields', () => {
  it('read by property, except a field with @Authorized or middleware (its own or its class’s) or a schema name of its own', async () => {
    plainFieldsResolveByProperty();
    const schema = await buildSchema({ resolvers: [GuardedResolver], authChecker: ({ context }) => (context as { admin: boolean }).admin, validate: false });
    const fields = (schema.getType('PlainFieldsGuarded') as GraphQLObjectType).getFields();
    expect(fields.open!.resolve).toBeUndefined();
    expect(fields.guarded!.resolve).toBeDefined();
    expect(fields.renamed!.resolve).toBeDefined();
    expect(fields.shouted!.resolve).toBeDefined();
    expect((schema.getType('PlainFieldsClassGuarded') as GraphQLObjectType).getFields().inside!.resolve).toBeDefined();
    const query = compileQuery(schema, parse('{ plainFieldsGuarded { open guarded renamed shouted } plainFieldsClassGuarded { inside } }'));
    if (!isCompiledQuery(query)) throw new Error('not compiled');
    const asMember = await query.query(undefined, { admin: false }, {});
    expect(asMember.data).toEqual({ plainFieldsGuarded: { open: 'open', guarded: null, renamed: 'property', shouted: 'SHOUTED' }, plainFieldsClassGuarded: { inside: null } });
    expect(asMember.errors?.map((e) => e.message)).toEqual([expect.stringMatching(/Access denied/), expect.stringMatching(/Access denied/)]);
    const asAdmin = await query.query(undefined, { admin: true }, {});
    expect(asAdmin).toEqual({ data: { plainFieldsGuarded: { open: 'open', guarded: 'guarded', renamed: 'property', shouted: 'SHOUTED' }, plainFieldsClassGuarded: { inside: 'inside' } } });
  });
});
