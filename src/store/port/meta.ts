/** Small instance-wide facts (first-start done, instance actor id). */
export interface MetaRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}
