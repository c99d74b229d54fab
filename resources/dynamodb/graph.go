package dynamodb

import (
	"context"

	"iamconsole/iam"
)

// GraphTable is a table as the access graph shows it.
type GraphTable struct {
	Name, Owner, Region, ARN string
}

// GraphTables lists every table of the organization, for the access
// graph. DynamoDB tables here have no resource-based policy, so who may act
// on one is its owner account's identity policies alone.
func (s *Service) GraphTables(ctx context.Context) ([]GraphTable, error) {
	ts, err := s.svc.Store().Read(ctx).AllDDBTables()
	if err != nil {
		return nil, iam.Internal(err)
	}
	out := make([]GraphTable, 0, len(ts))
	for _, t := range ts {
		out = append(out, GraphTable{Name: t.Name, Owner: t.AccountID, Region: t.Region, ARN: TableARN(t.Region, t.AccountID, t.Name)})
	}
	return out, nil
}
