package dynamodb

import (
	"encoding/json"
	"time"

	"iamconsole/iam"
	"iamconsole/resources/dynamodb/attr"
	"iamconsole/store"
)

// Demo names of the walkthrough's table.
const (
	DemoTable   = "TestProject"
	DemoItemKey = "1234567890"
)

// CreateDemo writes the walkthrough's table into account (in the default
// region): TestProject, keyed by ID, with item 1234567890 and two more.
func CreateDemo(q *store.Q, account string, now time.Time) error {
	defs, _ := json.Marshal([]AttributeDefinition{{AttributeName: "ID", AttributeType: "S"}})
	t := &store.DDBTable{AccountID: account, Region: DefaultRegion, Name: DemoTable, TableID: iam.NewUUID(), HashKey: "ID", HashType: "S",
		AttributeDefinitions: string(defs), BillingMode: "PAY_PER_REQUEST", TableClass: "STANDARD", CreatedAt: now}
	if err := q.CreateDDBTable(t, []store.DDBTag{{Key: "Project", Value: "TestProject"}}); err != nil {
		return err
	}
	items := []attr.Item{
		{"ID": attr.Str(DemoItemKey), "ProjectName": attr.Str("Test project"), "Owner": attr.Str("production"),
			"Budget": attr.MustNum("1000"), "Active": attr.Boolean(true), "Labels": {Type: attr.SS, Set: []string{"demo", "walkthrough"}}},
		{"ID": attr.Str("2345678901"), "ProjectName": attr.Str("Data pipeline"), "Owner": attr.Str("analytics"), "Budget": attr.MustNum("2500.50"),
			"Active": attr.Boolean(false)},
		{"ID": attr.Str("3456789012"), "ProjectName": attr.Str("Mobile app"), "Owner": attr.Str("mobile"),
			"Milestones": {Type: attr.L, List: []attr.Value{attr.Str("beta"), attr.Str("launch")}}},
	}
	for _, it := range items {
		err := q.PutDDBItem(t.ID, store.DDBItem{HK: attr.Key(it["ID"]), RK: []byte{}, Size: int64(it.Size()), Item: attr.AppendItemJSON(nil, it)})
		if err != nil {
			return err
		}
	}
	return nil
}
