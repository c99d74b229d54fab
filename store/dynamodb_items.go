package store

import (
	"database/sql"
)

// DDBItem is one stored item: its key attributes' encodings, its size as
// DynamoDB counts it, and its wire JSON.
type DDBItem struct {
	HK, RK []byte
	Size   int64
	Item   []byte
}

// Statements of the item queries.
const (
	sqlGetItem    = `SELECT hk, rk, size, item FROM ddb_items WHERE table_id = ? AND hk = ? AND rk = ?`
	sqlPutItem    = `INSERT INTO ddb_items (table_id, hk, rk, size, item) VALUES (?, ?, ?, ?, ?) ON CONFLICT (table_id, hk, rk) DO UPDATE SET size = excluded.size, item = excluded.item`
	sqlDeleteItem = `DELETE FROM ddb_items WHERE table_id = ? AND hk = ? AND rk = ?`
)

// DDBItem reads one item; a missing item is ErrNotFound.
func (q *Q) DDBItem(tableID int64, hk, rk []byte) (*DDBItem, error) {
	rows, err := q.query(sqlGetItem, tableID, hk, rk)
	if err != nil {
		return nil, mapErr("store: item", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, mapErr("store: item", err)
		}
		return nil, mapErr("store: item", ErrNotFound)
	}
	var it DDBItem
	if err := rows.Scan(&it.HK, &it.RK, &it.Size, &it.Item); err != nil {
		return nil, mapErr("store: item", err)
	}
	return &it, nil
}

// PutDDBItem writes an item, replacing the one with its key.
func (q *Q) PutDDBItem(tableID int64, it DDBItem) error {
	_, err := q.exec(sqlPutItem, tableID, it.HK, it.RK, it.Size, it.Item)
	return mapErr("store: put item", err)
}

// DeleteDDBItem deletes an item, reporting whether there was one.
func (q *Q) DeleteDDBItem(tableID int64, hk, rk []byte) (bool, error) {
	n, err := q.exec(sqlDeleteItem, tableID, hk, rk)
	return n > 0, mapErr("store: delete item", err)
}

// DDBRange selects items of one partition by range key, in order.
type DDBRange struct {
	HK []byte
	// Lo and Hi bound the range key (nil: unbounded), inclusive unless
	// LoOpen or HiOpen.
	Lo, Hi         []byte
	LoOpen, HiOpen bool
	// Desc reads from the highest range key down.
	Desc bool
	// After continues after this range key (exclusive, in the direction
	// read); nil starts at the beginning.
	After []byte
	Limit int
}

// QueryDDBItems reads the items of one partition in range-key order.
func (q *Q) QueryDDBItems(tableID int64, r DDBRange) ([]DDBItem, error) {
	sqlText := `SELECT rk, size, item FROM ddb_items WHERE table_id = ? AND hk = ?`
	args := []any{tableID, r.HK}
	if r.Lo != nil {
		sqlText += map[bool]string{false: ` AND rk >= ?`, true: ` AND rk > ?`}[r.LoOpen]
		args = append(args, r.Lo)
	}
	if r.Hi != nil {
		sqlText += map[bool]string{false: ` AND rk <= ?`, true: ` AND rk < ?`}[r.HiOpen]
		args = append(args, r.Hi)
	}
	if r.After != nil {
		if r.Desc {
			sqlText += ` AND rk < ?`
		} else {
			sqlText += ` AND rk > ?`
		}
		args = append(args, r.After)
	}
	if r.Desc {
		sqlText += ` ORDER BY rk DESC`
	} else {
		sqlText += ` ORDER BY rk`
	}
	sqlText += ` LIMIT ?`
	args = append(args, r.Limit)
	rows, err := q.query(sqlText, args...)
	if err != nil {
		return nil, mapErr("store: items", err)
	}
	defer rows.Close()
	var out []DDBItem
	for rows.Next() {
		it := DDBItem{HK: r.HK}
		if err := rows.Scan(&it.RK, &it.Size, &it.Item); err != nil {
			return nil, mapErr("store: items", err)
		}
		out = append(out, it)
	}
	return out, mapErr("store: items", rows.Err())
}

// ScanDDBItems reads a table's items in key order after the key (afterHK,
// afterRK), exclusive; afterHK nil starts at the beginning.
func (q *Q) ScanDDBItems(tableID int64, afterHK, afterRK []byte, limit int) ([]DDBItem, error) {
	if afterHK == nil {
		return q.ddbItems(`SELECT hk, rk, size, item FROM ddb_items WHERE table_id = ? ORDER BY hk, rk LIMIT ?`, tableID, limit)
	}
	return q.ddbItems(`SELECT hk, rk, size, item FROM ddb_items WHERE table_id = ? AND (hk > ? OR hk = ? AND rk > ?) ORDER BY hk, rk LIMIT ?`,
		tableID, afterHK, afterHK, afterRK, limit)
}

func (q *Q) ddbItems(text string, args ...any) ([]DDBItem, error) {
	rows, err := q.query(text, args...)
	if err != nil {
		return nil, mapErr("store: items", err)
	}
	defer rows.Close()
	var out []DDBItem
	for rows.Next() {
		var it DDBItem
		if err := rows.Scan(&it.HK, &it.RK, &it.Size, &it.Item); err != nil {
			return nil, mapErr("store: items", err)
		}
		out = append(out, it)
	}
	return out, mapErr("store: items", rows.Err())
}

// query runs a read statement prepared once: on the writer's connection
// inside the group commit, on the reader pool otherwise. An item read is
// the hot path of GetItem and of every conditional write; going through
// gorm's statement building each time took a tenth of a GetItem's time.
// (The SQLite driver still compiles the SQL on each run.)
func (q *Q) query(text string, args ...any) (*sql.Rows, error) {
	ctx := q.db.Statement.Context
	if st := q.stmts[text]; q.tx != nil && st != nil {
		return q.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	if q.rs != nil {
		if st, err := q.rs.readStmt(ctx, text); err == nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return q.db.Raw(text, args...).Rows()
}
