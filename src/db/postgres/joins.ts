import { now } from '../rows'
import type { JoinStore } from '../store'
import { numberedAll } from '../placeholders'
import { JOINS_SQL } from '../sql/joins'
import type { PgDb } from './connection'

const SQL = numberedAll(JOINS_SQL)

export function pgJoins(db: PgDb): JoinStore {
  return {
    async claim(ref, branch, branchStages) {
      return db.transaction(async (client) => {
        // Branches of one unit queue on its row: each counts after the one before it committed.
        const { rows: locked } = await client.query<{ join_claimed_by: string | null; join_emitted_at: string | null }>(
          'SELECT join_claimed_by, join_emitted_at FROM units WHERE batch_id = $1 AND unit_no = $2 FOR UPDATE',
          [ref.batch_id, ref.unit_no],
        )
        const unit = locked[0]
        if (!unit) return false
        // Complete means every indicator of the unit has an outcome in every branch (see the SQLite store).
        const { rows } = await client.query<{ missing: number }>(
          `SELECT COUNT(*) AS missing FROM indicators i CROSS JOIN unnest($3::text[]) AS b(stage)
           WHERE i.batch_id = $1 AND i.unit_no = $2
             AND NOT EXISTS (SELECT 1 FROM stage_results s WHERE s.batch_id = i.batch_id AND s.indicator_id = i.indicator_id AND s.stage = b.stage)`,
          [ref.batch_id, ref.unit_no, branchStages],
        )
        if (rows[0]!.missing > 0) return false
        if (unit.join_claimed_by === null) {
          await client.query('UPDATE units SET join_claimed_by = $1 WHERE batch_id = $2 AND unit_no = $3', [
            branch,
            ref.batch_id,
            ref.unit_no,
          ])
          unit.join_claimed_by = branch
        }
        return unit.join_claimed_by === branch && unit.join_emitted_at === null
      })
    },

    async recordEmitted(ref) {
      await db.query(SQL.recordEmitted, [now(), ref.batch_id, ref.unit_no])
    },
  }
}
