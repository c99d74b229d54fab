package dynamodb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// CreateTable creates a table. Creation is immediate: the answer says
// CREATING, as DynamoDB's does, and the table is ACTIVE from then on.
func (s *Service) CreateTable(ctx context.Context, c *iam.Caller, in CreateTableInput) (*TableDescription, error) {
	ref := tableRef{account: c.AccountID, region: regionOf(c), name: in.TableName}
	params := map[string]any{"tableName": in.TableName, "keySchema": in.KeySchema, "attributeDefinitions": in.AttributeDefinitions}
	if in.BillingMode != "" {
		params["billingMode"] = in.BillingMode
	}
	o := s.begin(ctx, c, "CreateTable", ref, params, false)
	if err := checkCreateTable(&in); err != nil {
		return nil, o.Fail(err)
	}
	if strings.HasPrefix(in.TableName, "arn:") {
		r, err := resolveName(c, in.TableName, "tableName")
		if err != nil {
			return nil, o.Fail(err)
		}
		ref = r
	}
	keys := map[string][]string{}
	if len(in.Tags) > 0 {
		var tagKeys []string
		for _, t := range in.Tags {
			keys["aws:RequestTag/"+t.Key] = []string{t.Value}
			tagKeys = append(tagKeys, t.Key)
		}
		keys["aws:TagKeys"] = tagKeys
	}
	if err := s.authorize(o, catalog.DynamoDBCreateTable.String(), ref, nil, keys); err != nil {
		return nil, err
	}
	now := s.svc.Now().UTC()
	defs, _ := json.Marshal(in.AttributeDefinitions)
	row := &store.DDBTable{AccountID: ref.account, Region: ref.region, Name: ref.name, TableID: iam.NewUUID(),
		HashKey: in.KeySchema[0].AttributeName, AttributeDefinitions: string(defs), BillingMode: in.BillingMode,
		TableClass: "STANDARD", DeletionProtection: in.DeletionProtectionEnabled, CreatedAt: now}
	if in.TableClass != "" {
		row.TableClass = in.TableClass
	}
	row.HashType = typeOfKey(in.AttributeDefinitions, row.HashKey)
	if len(in.KeySchema) == 2 {
		row.RangeKey = in.KeySchema[1].AttributeName
		row.RangeType = typeOfKey(in.AttributeDefinitions, row.RangeKey)
	}
	if pt := in.ProvisionedThroughput; pt != nil && in.BillingMode == "PROVISIONED" {
		row.ReadCapacity, row.WriteCapacity = *pt.ReadCapacityUnits, *pt.WriteCapacityUnits
	}
	tags := make([]store.DDBTag, 0, len(in.Tags))
	for _, t := range in.Tags {
		tags = append(tags, store.DDBTag{Key: t.Key, Value: t.Value})
	}
	desc := describe(row, 0, 0)
	desc.TableStatus = "CREATING"
	o.Rec.ResponseElements = map[string]any{"tableDescription": map[string]any{"tableName": desc.TableName, "tableArn": desc.TableArn,
		"tableId": desc.TableID, "tableStatus": desc.TableStatus}}
	err := s.svc.Store().Tx(ctx, func(q *store.Q) error { return q.CreateDDBTable(row, tags) })
	s.tables.drop(tableKey(ref))
	if errors.Is(err, store.ErrDuplicate) {
		err = &iam.Error{Kind: iam.KindExists, Code: "ResourceInUseException", Message: "Table already exists: " + ref.name}
	} else if err != nil {
		err = iam.Internal(err)
	}
	if err := o.Done(err); err != nil {
		return nil, err
	}
	return desc, nil
}

func typeOfKey(defs []AttributeDefinition, name string) string {
	for _, d := range defs {
		if d.AttributeName == name {
			return d.AttributeType
		}
	}
	return ""
}

// checkCreateTable validates a CreateTable request as DynamoDB does: the
// members' constraints first, all reported together, then the schema.
func checkCreateTable(in *CreateTableInput) error {
	if in.TableName == "" && in.KeySchema == nil && in.AttributeDefinitions == nil {
		return validation("The parameter 'TableName' is required but was not present in the request")
	}
	var problems []string
	if in.BillingMode != "" && in.BillingMode != "PROVISIONED" && in.BillingMode != "PAY_PER_REQUEST" {
		problems = append(problems, fmt.Sprintf("Value '%s' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]", in.BillingMode))
	}
	if pt := in.ProvisionedThroughput; pt != nil {
		for _, f := range []struct {
			name string
			v    *int64
		}{{"writeCapacityUnits", pt.WriteCapacityUnits}, {"readCapacityUnits", pt.ReadCapacityUnits}} {
			switch {
			case f.v == nil:
				problems = append(problems, "Value null at 'provisionedThroughput."+f.name+"' failed to satisfy constraint: Member must not be null")
			case *f.v < 1:
				problems = append(problems, fmt.Sprintf("Value '%d' at 'provisionedThroughput.%s' failed to satisfy constraint: Member must have value greater than or equal to 1", *f.v, f.name))
			}
		}
	}
	if in.AttributeDefinitions == nil {
		problems = append(problems, "Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null")
	}
	for i, d := range in.AttributeDefinitions {
		if d.AttributeName == "" {
			problems = append(problems, fmt.Sprintf("Value null at 'attributeDefinitions.%d.member.attributeName' failed to satisfy constraint: Member must not be null", i+1))
		}
		switch d.AttributeType {
		case "":
			problems = append(problems, fmt.Sprintf("Value null at 'attributeDefinitions.%d.member.attributeType' failed to satisfy constraint: Member must not be null", i+1))
		case "S", "N", "B":
		default:
			problems = append(problems, fmt.Sprintf("Value '%s' at 'attributeDefinitions.%d.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]", d.AttributeType, i+1))
		}
	}
	if err := checkTableName(in.TableName, "tableName"); err != nil && !strings.HasPrefix(in.TableName, "arn:") {
		problems = append(problems, constraintsOf(err)...)
	}
	switch n := len(in.KeySchema); {
	case in.KeySchema == nil:
		problems = append(problems, "Value null at 'keySchema' failed to satisfy constraint: Member must not be null")
	case n == 0:
		problems = append(problems, "Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1")
	case n > 2:
		var parts []string
		for _, k := range in.KeySchema {
			parts = append(parts, "KeySchemaElement(attributeName="+k.AttributeName+", keyType="+k.KeyType+")")
		}
		problems = append(problems, "Value '["+strings.Join(parts, ", ")+"]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2")
	}
	for i, k := range in.KeySchema {
		if k.AttributeName == "" {
			problems = append(problems, fmt.Sprintf("Value null at 'keySchema.%d.member.attributeName' failed to satisfy constraint: Member must not be null", i+1))
		}
		switch k.KeyType {
		case "":
			problems = append(problems, fmt.Sprintf("Value null at 'keySchema.%d.member.keyType' failed to satisfy constraint: Member must not be null", i+1))
		case "HASH", "RANGE":
		default:
			problems = append(problems, fmt.Sprintf("Value '%s' at 'keySchema.%d.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]", k.KeyType, i+1))
		}
	}
	for i, t := range in.Tags {
		if len(t.Key) < 1 || len(t.Key) > 128 {
			problems = append(problems, fmt.Sprintf("Value '%s' at 'tags.%d.member.key' failed to satisfy constraint: Member must have length between 1 and 128", t.Key, i+1))
		}
		if len(t.Value) > 256 {
			problems = append(problems, fmt.Sprintf("Value '%s' at 'tags.%d.member.value' failed to satisfy constraint: Member must have length less than or equal to 256", t.Value, i+1))
		}
	}
	if err := constraintErrors(problems); err != nil {
		return err
	}
	if in.BillingMode == "" {
		in.BillingMode = "PROVISIONED"
	}
	pt := in.ProvisionedThroughput
	switch {
	case in.BillingMode == "PROVISIONED" && pt == nil:
		return validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
	case in.BillingMode == "PAY_PER_REQUEST" && pt != nil:
		return validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
	}
	if pt != nil {
		if *pt.ReadCapacityUnits > 1e12 {
			return validation("Given value %d for ReadCapacityUnits is out of bounds", *pt.ReadCapacityUnits)
		}
		if *pt.WriteCapacityUnits > 1e12 {
			return validation("Given value %d for WriteCapacityUnits is out of bounds", *pt.WriteCapacityUnits)
		}
	}
	if len(in.LocalSecondaryIndexes) > 0 && string(in.LocalSecondaryIndexes) != "null" || len(in.GlobalSecondaryIndexes) > 0 && string(in.GlobalSecondaryIndexes) != "null" {
		return validation("One or more parameter values were invalid: Secondary indexes are not supported by this console's DynamoDB")
	}
	defined := map[string]bool{}
	for _, d := range in.AttributeDefinitions {
		if defined[d.AttributeName] {
			return validation("One or more parameter values were invalid: Duplicate value in attribute name: %s", d.AttributeName)
		}
		defined[d.AttributeName] = true
	}
	for _, k := range in.KeySchema {
		if !defined[k.AttributeName] {
			if len(in.KeySchema) == 2 {
				return validation("Invalid KeySchema: Some index key attribute have no definition")
			}
			var names []string
			for _, d := range in.AttributeDefinitions {
				names = append(names, d.AttributeName)
			}
			return validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [%s], AttributeDefinitions: [%s]",
				k.AttributeName, strings.Join(names, ", "))
		}
	}
	if len(in.KeySchema) == 2 && in.KeySchema[0].AttributeName == in.KeySchema[1].AttributeName {
		return validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
	}
	if in.KeySchema[0].KeyType != "HASH" {
		return validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
	}
	if len(in.KeySchema) == 2 && in.KeySchema[1].KeyType != "RANGE" {
		return validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
	}
	if len(in.AttributeDefinitions) != len(in.KeySchema) {
		return validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
	}
	if in.TableClass != "" && in.TableClass != "STANDARD" && in.TableClass != "STANDARD_INFREQUENT_ACCESS" {
		return validation("1 validation error detected: Value '%s' at 'tableClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]", in.TableClass)
	}
	return nil
}

// constraintsOf returns the problems of a constraint error.
func constraintsOf(err error) []string {
	msg := iam.AsError(err).Message
	_, rest, _ := strings.Cut(msg, "detected: ")
	return strings.Split(rest, "; ")
}

// describe is a table's description.
func describe(row *store.DDBTable, count, size int64) *TableDescription {
	d := &TableDescription{TableName: row.Name, TableStatus: "ACTIVE", CreationDateTime: epoch(row.CreatedAt),
		TableSizeBytes: size, ItemCount: count, TableArn: TableARN(row.Region, row.AccountID, row.Name), TableID: row.TableID,
		DeletionProtectionEnabled: row.DeletionProtection}
	_ = json.Unmarshal([]byte(row.AttributeDefinitions), &d.AttributeDefinitions)
	d.KeySchema = []KeySchemaElement{{AttributeName: row.HashKey, KeyType: "HASH"}}
	if row.RangeKey != "" {
		d.KeySchema = append(d.KeySchema, KeySchemaElement{AttributeName: row.RangeKey, KeyType: "RANGE"})
	}
	d.ProvisionedThroughput = ProvisionedThroughputDescription{ReadCapacityUnits: row.ReadCapacity, WriteCapacityUnits: row.WriteCapacity}
	if row.BillingMode == "PAY_PER_REQUEST" {
		d.BillingModeSummary = &BillingModeSummary{BillingMode: row.BillingMode, LastUpdateToPayPerRequestDateTime: epoch(row.CreatedAt)}
	}
	if row.TableClass != "" && row.TableClass != "STANDARD" {
		d.TableClassSummary = &TableClassSummary{TableClass: row.TableClass}
	}
	return d
}

func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// DescribeTable describes a table with its item count and size.
func (s *Service) DescribeTable(ctx context.Context, c *iam.Caller, name string) (*TableDescription, error) {
	o := s.begin(ctx, c, "DescribeTable", tableRef{account: c.AccountID, region: regionOf(c), name: name}, map[string]any{"tableName": name}, false)
	ref, err := resolveName(c, name, "tableName")
	if err != nil {
		return nil, o.Fail(err)
	}
	t, err := s.table(ctx, ref)
	if err != nil {
		return nil, o.Fail(err)
	}
	if err := s.authorize(o, catalog.DynamoDBDescribeTable.String(), ref, t, nil); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, o.Fail(tableNotFound(ref.name))
	}
	n, size, err := s.svc.Store().Read(ctx).DDBTableStats(t.row.ID)
	if err != nil {
		return nil, o.Fail(iam.Internal(err))
	}
	return describe(&t.row, n, size), o.Read(nil)
}

// ListTablesOutput is a page of table names.
type ListTablesOutput struct {
	TableNames             []string `json:"TableNames"`
	LastEvaluatedTableName string   `json:"LastEvaluatedTableName,omitempty"`
}

// ListTables lists the caller's tables of the region by name, limit (1 to
// 100, 0 for 100) a page, after start.
func (s *Service) ListTables(ctx context.Context, c *iam.Caller, start string, limit *int) (*ListTablesOutput, error) {
	ref := tableRef{account: c.AccountID, region: regionOf(c)}
	params := map[string]any{}
	if start != "" {
		params["exclusiveStartTableName"] = start
	}
	o := s.begin(ctx, c, "ListTables", ref, params, false)
	var problems []string
	if start != "" {
		if err := checkTableName(start, "exclusiveStartTableName"); err != nil {
			problems = append(problems, constraintsOf(err)...)
		}
	}
	n := 100
	if limit != nil {
		n = *limit
		if n < 1 {
			problems = append(problems, fmt.Sprintf("Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", n))
		} else if n > 100 {
			problems = append(problems, fmt.Sprintf("Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100", n))
		}
	}
	if err := constraintErrors(problems); err != nil {
		return nil, o.Fail(err)
	}
	if err := o.Decide(iam.Check{Action: catalog.DynamoDBListTables.String(), Resource: "*", Context: map[string][]string{"aws:RequestedRegion": {ref.region}}}); err != nil {
		return nil, err
	}
	rows, err := s.svc.Store().Read(ctx).DDBTables(ref.account, ref.region, start, n+1)
	if err != nil {
		return nil, o.Fail(iam.Internal(err))
	}
	out := &ListTablesOutput{TableNames: []string{}}
	for i, r := range rows {
		if i == n {
			out.LastEvaluatedTableName = out.TableNames[n-1]
			break
		}
		out.TableNames = append(out.TableNames, r.Name)
	}
	return out, o.Read(nil)
}

// DeleteTable deletes a table and its items; the answer says DELETING and
// the table is gone at once.
func (s *Service) DeleteTable(ctx context.Context, c *iam.Caller, name string) (*TableDescription, error) {
	o := s.begin(ctx, c, "DeleteTable", tableRef{account: c.AccountID, region: regionOf(c), name: name}, map[string]any{"tableName": name}, false)
	ref, err := resolveName(c, name, "tableName")
	if err != nil {
		return nil, o.Fail(err)
	}
	t, err := s.table(ctx, ref)
	if err != nil {
		return nil, o.Fail(err)
	}
	if err := s.authorize(o, catalog.DynamoDBDeleteTable.String(), ref, t, nil); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, o.Fail(tableNotFound(ref.name))
	}
	var desc *TableDescription
	err = s.svc.Store().Tx(ctx, func(q *store.Q) error {
		row, err := q.DDBTable(ref.account, ref.region, ref.name)
		if err != nil {
			return err
		}
		if row.DeletionProtection {
			return validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
		}
		n, size, err := q.DDBTableStats(row.ID)
		if err != nil {
			return err
		}
		desc = describe(row, n, size)
		return q.DeleteDDBTable(row.ID)
	})
	s.tables.drop(tableKey(ref))
	// The deleted table's items are of no use any more.
	s.items.clear()
	switch {
	case errors.Is(err, store.ErrNotFound):
		err = tableNotFound(ref.name)
	case err != nil && !iam.IsKind(err, iam.KindInvalid):
		err = iam.Internal(err)
	}
	if err := o.Done(err); err != nil {
		return nil, err
	}
	desc.TableStatus = "DELETING"
	return desc, nil
}

// UpdateTableInput is UpdateTable's request: the settings this simulation
// changes.
type UpdateTableInput struct {
	TableName                 string
	BillingMode               string
	ProvisionedThroughput     *ProvisionedThroughput
	DeletionProtectionEnabled *bool
	TableClass                string
}

// UpdateTable changes a table's billing mode, capacity, class or deletion
// protection.
func (s *Service) UpdateTable(ctx context.Context, c *iam.Caller, in UpdateTableInput) (*TableDescription, error) {
	o := s.begin(ctx, c, "UpdateTable", tableRef{account: c.AccountID, region: regionOf(c), name: in.TableName}, map[string]any{"tableName": in.TableName}, false)
	ref, err := resolveName(c, in.TableName, "tableName")
	if err != nil {
		return nil, o.Fail(err)
	}
	if in.BillingMode != "" && in.BillingMode != "PROVISIONED" && in.BillingMode != "PAY_PER_REQUEST" {
		return nil, o.Fail(validation("1 validation error detected: Value '%s' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]", in.BillingMode))
	}
	t, err := s.table(ctx, ref)
	if err != nil {
		return nil, o.Fail(err)
	}
	if err := s.authorize(o, catalog.DynamoDBUpdateTable.String(), ref, t, nil); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, o.Fail(tableNotFound(ref.name))
	}
	var desc *TableDescription
	err = s.svc.Store().Tx(ctx, func(q *store.Q) error {
		row, err := q.DDBTable(ref.account, ref.region, ref.name)
		if err != nil {
			return err
		}
		mode := row.BillingMode
		if in.BillingMode != "" {
			mode = in.BillingMode
		}
		pt := in.ProvisionedThroughput
		switch {
		case mode == "PROVISIONED" && row.BillingMode != "PROVISIONED" && pt == nil:
			return validation("One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
		case mode == "PAY_PER_REQUEST" && pt != nil:
			return validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
		}
		row.BillingMode = mode
		if mode == "PAY_PER_REQUEST" {
			row.ReadCapacity, row.WriteCapacity = 0, 0
		}
		if pt != nil {
			if pt.ReadCapacityUnits == nil || pt.WriteCapacityUnits == nil || *pt.ReadCapacityUnits < 1 || *pt.WriteCapacityUnits < 1 {
				return validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
			}
			row.ReadCapacity, row.WriteCapacity = *pt.ReadCapacityUnits, *pt.WriteCapacityUnits
		}
		if in.DeletionProtectionEnabled != nil {
			row.DeletionProtection = *in.DeletionProtectionEnabled
		}
		if in.TableClass != "" {
			row.TableClass = in.TableClass
		}
		if err := q.UpdateDDBTable(row); err != nil {
			return err
		}
		n, size, err := q.DDBTableStats(row.ID)
		desc = describe(row, n, size)
		return err
	})
	s.tables.drop(tableKey(ref))
	if err != nil && !iam.IsKind(err, iam.KindInvalid) {
		err = iam.Internal(err)
	}
	if err := o.Done(err); err != nil {
		return nil, err
	}
	desc.TableStatus = "UPDATING"
	return desc, nil
}

// tableOfARN resolves the ResourceArn of the tagging operations.
func (s *Service) tableOfARN(ctx context.Context, resourceARN string) (tableRef, *table, error) {
	a, err := arn.Parse(resourceARN)
	name, ok := strings.CutPrefix(a.Resource, "table/")
	if err != nil || a.Service != "dynamodb" || !ok || a.Region == "" || !arn.IsAccountID(a.Account) || strings.Contains(name, "/") {
		return tableRef{}, nil, validation("Invalid TableArn: Invalid ResourceArn provided as input %s", resourceARN)
	}
	ref := tableRef{account: a.Account, region: a.Region, name: name}
	t, err := s.table(ctx, ref)
	return ref, t, err
}

// TagResource adds tags to a table.
func (s *Service) TagResource(ctx context.Context, c *iam.Caller, resourceARN string, tags []Tag) error {
	o := s.begin(ctx, c, "TagResource", tableRef{region: regionOf(c)}, map[string]any{"resourceArn": resourceARN}, false)
	ref, t, err := s.tableOfARN(ctx, resourceARN)
	if err != nil {
		return o.Fail(err)
	}
	if len(tags) == 0 {
		return o.Fail(validation("1 validation error detected: Value '[]' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1"))
	}
	keys := map[string][]string{}
	var tagKeys []string
	for _, tg := range tags {
		keys["aws:RequestTag/"+tg.Key] = []string{tg.Value}
		tagKeys = append(tagKeys, tg.Key)
	}
	keys["aws:TagKeys"] = tagKeys
	if err := s.authorize(o, catalog.DynamoDBTagResource.String(), ref, t, keys); err != nil {
		return err
	}
	if t == nil {
		return o.Fail(notFound("Requested resource not found: ResourcArn: " + resourceARN + " not found"))
	}
	rows := make([]store.DDBTag, 0, len(tags))
	for _, tg := range tags {
		rows = append(rows, store.DDBTag{TableID: t.row.ID, Key: tg.Key, Value: tg.Value})
	}
	err = s.svc.Store().Tx(ctx, func(q *store.Q) error { return q.PutDDBTags(t.row.ID, rows) })
	s.tables.drop(tableKey(ref))
	if err != nil {
		err = iam.Internal(err)
	}
	return o.Done(err)
}

// UntagResource removes tags from a table.
func (s *Service) UntagResource(ctx context.Context, c *iam.Caller, resourceARN string, keys []string) error {
	o := s.begin(ctx, c, "UntagResource", tableRef{region: regionOf(c)}, map[string]any{"resourceArn": resourceARN, "tagKeys": keys}, false)
	ref, t, err := s.tableOfARN(ctx, resourceARN)
	if err != nil {
		return o.Fail(err)
	}
	if err := s.authorize(o, catalog.DynamoDBUntagResource.String(), ref, t, map[string][]string{"aws:TagKeys": keys}); err != nil {
		return err
	}
	if t == nil {
		return o.Fail(notFound("Requested resource not found: ResourcArn: " + resourceARN + " not found"))
	}
	err = s.svc.Store().Tx(ctx, func(q *store.Q) error { return q.DeleteDDBTags(t.row.ID, keys) })
	s.tables.drop(tableKey(ref))
	if err != nil {
		err = iam.Internal(err)
	}
	return o.Done(err)
}

// ListTagsOfResource lists a table's tags.
func (s *Service) ListTagsOfResource(ctx context.Context, c *iam.Caller, resourceARN string) ([]Tag, error) {
	o := s.begin(ctx, c, "ListTagsOfResource", tableRef{region: regionOf(c)}, map[string]any{"resourceArn": resourceARN}, false)
	ref, t, err := s.tableOfARN(ctx, resourceARN)
	if err != nil {
		return nil, o.Fail(err)
	}
	if err := s.authorize(o, catalog.DynamoDBListTagsOfResource.String(), ref, t, nil); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, o.Fail(notFound("Requested resource not found: ResourcArn: " + resourceARN + " not found"))
	}
	rows, err := s.svc.Store().Read(ctx).DDBTags(t.row.ID)
	if err != nil {
		return nil, o.Fail(iam.Internal(err))
	}
	out := make([]Tag, 0, len(rows))
	for _, r := range rows {
		out = append(out, Tag{Key: r.Key, Value: r.Value})
	}
	return out, o.Read(nil)
}
