export * from './problem';
export * from './roles';
export * from './permissions';
export * from './schemas/common';
export * from './schemas/unit';
export * from './schemas/user';
export * from './schemas/auth';
export * from './hetu';
