import type { JoinStore } from '../store'
import { now } from '../rows'
import { JOINS_SQL as SQL } from '../sql/joins'
import type { Db } from './connection'

export function sqliteJoins(db: Db): JoinStore {
  return {
    async claim(ref, branch, branchStages) {
      return db
        .transaction(() => {
          // Complete means every indicator of the unit has an outcome in every branch, which also holds after a retry
          // re-opened some of them (the stage log would still show the earlier runs as done).
          const missing = db
            .prepare(
              `SELECT COUNT(*) FROM indicators i, (${branchStages.map(() => 'SELECT ? AS stage').join(' UNION ALL ')}) b
             WHERE i.batch_id = ? AND i.unit_no = ?
               AND NOT EXISTS (SELECT 1 FROM stage_results s WHERE s.batch_id = i.batch_id AND s.indicator_id = i.indicator_id AND s.stage = b.stage)`,
            )
            .pluck()
            .get(...branchStages, ref.batch_id, ref.unit_no) as number
          if (missing > 0) return false
          db.prepare(
            'UPDATE units SET join_claimed_by = ? WHERE batch_id = ? AND unit_no = ? AND join_claimed_by IS NULL',
          ).run(branch, ref.batch_id, ref.unit_no)
          const unit = db
            .prepare('SELECT join_claimed_by, join_emitted_at FROM units WHERE batch_id = ? AND unit_no = ?')
            .get(ref.batch_id, ref.unit_no) as
            { join_claimed_by: string | null; join_emitted_at: string | null } | undefined
          return unit !== undefined && unit.join_claimed_by === branch && unit.join_emitted_at === null
        })
        .immediate()
    },

    async recordEmitted(ref) {
      db.prepare(SQL.recordEmitted).run(now(), ref.batch_id, ref.unit_no)
    },
  }
}
