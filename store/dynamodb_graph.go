package store

// AllDDBTables lists every account's DynamoDB tables of every region, by
// account, region and name, for the access graph.
func (q *Q) AllDDBTables() ([]DDBTable, error) {
	var ts []DDBTable
	err := q.db.Order("account_id").Order("region").Order("name").Find(&ts).Error
	return ts, mapErr("store: all tables", err)
}
