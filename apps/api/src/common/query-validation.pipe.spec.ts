import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { describe, expect, it, vi } from 'vitest';
import { QueryValidationPipe } from './query-validation.pipe';

class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  limit = 10;
}

class BodyDto {
  @Type(() => Number)
  @IsInt()
  n!: number;
}

const options = { whitelist: true, forbidNonWhitelisted: true, transform: true };
const query = { type: 'query' as const, metatype: PageQuery, data: undefined };

describe('QueryValidationPipe', () => {
  it('transforms and validates a query as the ValidationPipe does', async () => {
    const pipe = new QueryValidationPipe(options);
    const q = await pipe.transform({ limit: '7' }, query);
    expect(q).toBeInstanceOf(PageQuery);
    expect(q).toEqual({ limit: 7 });
    expect(await pipe.transform({}, query)).toEqual({ limit: 10 });
  });

  it('validates a query text once, and gives each request its own copy', async () => {
    const pipe = new QueryValidationPipe(options);
    const validate = vi.spyOn(pipe as unknown as { validate: () => unknown }, 'validate');
    const first = (await pipe.transform({ limit: '7' }, query)) as PageQuery;
    first.limit = 99;
    const second = (await pipe.transform({ limit: '7' }, query)) as PageQuery;
    expect(second).toBeInstanceOf(PageQuery);
    expect(second.limit).toBe(7);
    expect(second).not.toBe(first);
    expect(validate).toHaveBeenCalledTimes(1);
    await pipe.transform({ limit: '8' }, query);
    expect(validate).toHaveBeenCalledTimes(2);
  });

  it('refuses a bad query every time: refusals are never remembered', async () => {
    const pipe = new QueryValidationPipe(options);
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({ limit: '500' }, query)).rejects.toBeInstanceOf(BadRequestException);
      await expect(pipe.transform({ limit: '1', extra: 'x' }, query)).rejects.toBeInstanceOf(BadRequestException);
    }
    // A valid text after refusals is still validated on its own merits.
    expect(await pipe.transform({ limit: '1' }, query)).toEqual({ limit: 1 });
  });

  it('keeps query classes apart, and validates bodies every time as the ValidationPipe does', async () => {
    const pipe = new QueryValidationPipe(options);
    await expect(pipe.transform({ n: '1' }, { type: 'query', metatype: BodyDto, data: undefined })).resolves.toEqual({
      n: 1,
    });
    await expect(
      pipe.transform({ limit: '1' }, { type: 'query', metatype: BodyDto, data: undefined }),
    ).rejects.toBeInstanceOf(BadRequestException);
    const body = { type: 'body' as const, metatype: BodyDto, data: undefined };
    await expect(pipe.transform({ n: 'x' }, body)).rejects.toBeInstanceOf(BadRequestException);
    await expect(pipe.transform({ n: 'x' }, body)).rejects.toBeInstanceOf(BadRequestException);
  });
});
