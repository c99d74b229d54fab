package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/resources/dynamodb"
	"iamconsole/resources/dynamodb/attr"
	"iamconsole/views"
)

// DynamoDB serves the DynamoDB pages: tables, a table with its item
// explorer, and the item editor.
type DynamoDB struct {
	svc *iam.Service
	ddb *dynamodb.Service
}

// NewDynamoDB builds the DynamoDB handlers.
func NewDynamoDB(svc *iam.Service, ddb *dynamodb.Service) *DynamoDB {
	return &DynamoDB{svc: svc, ddb: ddb}
}

func tableARN(c *iam.Caller, name string) string {
	return dynamodb.TableARN(dynamodb.DefaultRegion, c.AccountID, name)
}

// Tables lists the tables with the create form.
func (h *DynamoDB) Tables(c echo.Context) error {
	return h.tables(c, http.StatusOK, views.DDBTablesVM{Form: views.DDBCreateForm{PartitionType: "S", SortType: "S", Billing: "PAY_PER_REQUEST"}})
}

func (h *DynamoDB) tables(c echo.Context, status int, vm views.DDBTablesVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	out, err := h.ddb.ListTables(ctx, caller, c.QueryParam("start"), nil)
	if err != nil {
		return Fail(c, err)
	}
	vm.Region, vm.More = dynamodb.DefaultRegion, out.LastEvaluatedTableName
	for _, name := range out.TableNames {
		row := views.DDBTableRow{Name: name, Status: "ACTIVE"}
		if d, err := h.ddb.DescribeTable(ctx, caller, name); err == nil {
			row.Status, row.Billing = d.TableStatus, billingLabel(d)
			for _, k := range d.KeySchema {
				label := k.AttributeName + " (" + typeOfAttr(d.AttributeDefinitions, k.AttributeName) + ")"
				if k.KeyType == "HASH" {
					row.PartitionKey = label
				} else {
					row.SortKey = label
				}
			}
		}
		vm.Tables = append(vm.Tables, row)
	}
	vm.CanCreate = h.svc.Allowed(ctx, caller, catalog.DynamoDBCreateTable.String(), tableARN(caller, "*"))
	return Render(c, status, views.DDBTables(PageFor(c, "Tables", "dynamodb-tables"), vm))
}

func billingLabel(d *dynamodb.TableDescription) string {
	if d.BillingModeSummary != nil && d.BillingModeSummary.BillingMode == "PAY_PER_REQUEST" {
		return "On-demand"
	}
	return "Provisioned"
}

func typeOfAttr(defs []dynamodb.AttributeDefinition, name string) string {
	for _, d := range defs {
		if d.AttributeName == name {
			return d.AttributeType
		}
	}
	return ""
}

// CreateTable creates a table from the form.
func (h *DynamoDB) CreateTable(c echo.Context) error {
	f := views.DDBCreateForm{Name: strings.TrimSpace(c.FormValue("table_name")), PartitionKey: strings.TrimSpace(c.FormValue("partition_key")),
		PartitionType: c.FormValue("partition_type"), SortKey: strings.TrimSpace(c.FormValue("sort_key")), SortType: c.FormValue("sort_type"),
		Billing: c.FormValue("billing")}
	in := dynamodb.CreateTableInput{TableName: f.Name, BillingMode: f.Billing,
		KeySchema:            []dynamodb.KeySchemaElement{{AttributeName: f.PartitionKey, KeyType: "HASH"}},
		AttributeDefinitions: []dynamodb.AttributeDefinition{{AttributeName: f.PartitionKey, AttributeType: f.PartitionType}}}
	if f.SortKey != "" {
		in.KeySchema = append(in.KeySchema, dynamodb.KeySchemaElement{AttributeName: f.SortKey, KeyType: "RANGE"})
		in.AttributeDefinitions = append(in.AttributeDefinitions, dynamodb.AttributeDefinition{AttributeName: f.SortKey, AttributeType: f.SortType})
	}
	if f.Billing == "PROVISIONED" {
		five := int64(5)
		in.ProvisionedThroughput = &dynamodb.ProvisionedThroughput{ReadCapacityUnits: &five, WriteCapacityUnits: &five}
	}
	if _, err := h.ddb.CreateTable(c.Request().Context(), Caller(c), in); err != nil {
		if k := iam.AsError(err).Kind; k == iam.KindInvalid || k == iam.KindExists {
			return h.tables(c, http.StatusUnprocessableEntity, views.DDBTablesVM{Form: f, Errors: map[string]string{"table_name": iam.AsError(err).Message}})
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Table "+f.Name+" was created.")
	return Redirect(c, "/dynamodb/tables/"+url.PathEscape(f.Name))
}

// Table shows a table and explores its items (scan, or query of a
// partition).
func (h *DynamoDB) Table(c echo.Context) error { return h.table(c, http.StatusOK) }

func (h *DynamoDB) table(c echo.Context, status int) error {
	ctx, caller := c.Request().Context(), Caller(c)
	name := c.Param("name")
	d, err := h.ddb.DescribeTable(ctx, caller, name)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.DDBTableVM{Name: d.TableName, ARN: d.TableArn, Status: d.TableStatus, Billing: billingLabel(d),
		Created: when(epochTime(d.CreationDateTime)), ItemCount: d.ItemCount, Size: d.TableSizeBytes,
		Mode: c.QueryParam("mode"), PK: c.QueryParam("pk"), SKOp: c.QueryParam("skop"), SK: c.QueryParam("sk"), SK2: c.QueryParam("sk2")}
	for _, k := range d.KeySchema {
		if k.KeyType == "HASH" {
			vm.PartitionKey, vm.PartitionType = k.AttributeName, typeOfAttr(d.AttributeDefinitions, k.AttributeName)
		} else {
			vm.SortKey, vm.SortType = k.AttributeName, typeOfAttr(d.AttributeDefinitions, k.AttributeName)
		}
	}
	if tags, err := h.ddb.ListTagsOfResource(ctx, caller, d.TableArn); err == nil {
		for _, t := range tags {
			vm.Tags = append(vm.Tags, views.Tag{Key: t.Key, Value: t.Value})
		}
	}
	vm.CanPut = h.svc.Allowed(ctx, caller, catalog.DynamoDBPutItem.String(), d.TableArn)
	vm.CanDelete = h.svc.Allowed(ctx, caller, catalog.DynamoDBDeleteItem.String(), d.TableArn)
	vm.CanDeleteTable = h.svc.Allowed(ctx, caller, catalog.DynamoDBDeleteTable.String(), d.TableArn)
	h.explore(c, &vm)
	return Render(c, status, views.DDBTable(PageFor(c, d.TableName, "dynamodb-tables"), vm))
}

// pageSize is how many items the explorer shows a page.
const pageSize = 50

// explore runs the explorer's scan or query and fills in the page.
func (h *DynamoDB) explore(c echo.Context, vm *views.DDBTableVM) {
	ctx, caller := c.Request().Context(), Caller(c)
	limit := pageSize
	var start dynamodb.WireItem
	if s := c.QueryParam("start"); s != "" {
		if err := json.Unmarshal([]byte(s), &start); err != nil {
			vm.ExploreError = "The starting key of the page is not valid."
			return
		}
	}
	var out *dynamodb.ReadOutput
	var err error
	if vm.Mode == "query" {
		in := dynamodb.QueryInput{TableName: vm.Name, Limit: &limit, ExclusiveStartKey: start}
		in.ExpressionAttributeNames = map[string]string{"#pk": vm.PartitionKey}
		pk, perr := wireValue(vm.PartitionType, vm.PK)
		if perr != nil {
			vm.ExploreError = perr.Error()
			return
		}
		in.ExpressionAttributeValues = dynamodb.WireItem{":pk": pk}
		cond := "#pk = :pk"
		if vm.SortKey != "" && vm.SKOp != "" {
			in.ExpressionAttributeNames["#sk"] = vm.SortKey
			sk, serr := wireValue(vm.SortType, vm.SK)
			if serr != nil {
				vm.ExploreError = serr.Error()
				return
			}
			in.ExpressionAttributeValues[":sk"] = sk
			switch vm.SKOp {
			case "between":
				sk2, serr := wireValue(vm.SortType, vm.SK2)
				if serr != nil {
					vm.ExploreError = serr.Error()
					return
				}
				in.ExpressionAttributeValues[":sk2"] = sk2
				cond += " AND #sk BETWEEN :sk AND :sk2"
			case "begins_with":
				cond += " AND begins_with(#sk, :sk)"
			case "=", "<", "<=", ">", ">=":
				cond += " AND #sk " + vm.SKOp + " :sk"
			default:
				vm.ExploreError = "Choose a sort key condition."
				return
			}
		}
		in.KeyConditionExpression = &cond
		out, err = h.ddb.Query(ctx, caller, in)
	} else {
		out, err = h.ddb.Scan(ctx, caller, dynamodb.ScanInput{TableName: vm.Name, Limit: &limit, ExclusiveStartKey: start})
	}
	if err != nil {
		vm.ExploreError = iam.AsError(err).Message
		return
	}
	vm.Count, vm.Scanned = out.Count, out.ScannedCount
	items := make([]attr.Item, 0, len(out.Items))
	cols := map[string]bool{}
	for _, raw := range out.Items {
		var w dynamodb.WireItem
		if json.Unmarshal(raw, &w) != nil {
			continue
		}
		it, err := attr.ItemOf(w)
		if err != nil {
			continue
		}
		items = append(items, it)
		for k := range it {
			cols[k] = true
		}
	}
	vm.Columns = []string{vm.PartitionKey}
	if vm.SortKey != "" {
		vm.Columns = append(vm.Columns, vm.SortKey)
	}
	var rest []string
	for k := range cols {
		if k != vm.PartitionKey && k != vm.SortKey {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	vm.Columns = append(vm.Columns, rest...)
	for _, it := range items {
		row := views.DDBItemRow{}
		key := attr.Item{vm.PartitionKey: it[vm.PartitionKey]}
		if vm.SortKey != "" {
			key[vm.SortKey] = it[vm.SortKey]
		}
		row.KeyJSON = string(attr.AppendItemJSON(nil, key))
		for _, col := range vm.Columns {
			v, ok := it[col]
			if !ok {
				row.Cells = append(row.Cells, "")
				continue
			}
			row.Cells = append(row.Cells, cellText(v))
		}
		vm.Items = append(vm.Items, row)
	}
	if out.LastEvaluatedKey != nil {
		q := url.Values{"start": {string(attr.AppendItemJSON(nil, out.LastEvaluatedKey))}}
		for _, k := range []string{"mode", "pk", "skop", "sk", "sk2"} {
			if v := c.QueryParam(k); v != "" {
				q.Set(k, v)
			}
		}
		vm.NextStart = q.Encode()
	}
}

// wireValue is a key value typed into the explorer, of the key's type.
func wireValue(typ, s string) (*attr.Wire, error) {
	w := &attr.Wire{}
	switch typ {
	case "N":
		if _, err := attr.ParseNumber(s); err != nil {
			return nil, err
		}
		w.N = &s
	case "B":
		w.B = []byte(s)
	default:
		w.S = &s
	}
	return w, nil
}

// cellText shows a value in the explorer: scalars as they are, the rest
// as DynamoDB JSON.
func cellText(v attr.Value) string {
	switch v.Type {
	case attr.S, attr.N:
		return v.Str
	case attr.BOOL:
		return ifThen(v.Bool, "true", "false")
	case attr.NULL:
		return "null"
	}
	enc := attr.AppendJSON(nil, v)
	return string(enc)
}

func ifThen(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// ItemForm shows an item in the editor (?key=… as DynamoDB JSON), or an
// empty one to create.
func (h *DynamoDB) ItemForm(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	name := c.Param("name")
	d, err := h.ddb.DescribeTable(ctx, caller, name)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.DDBItemVM{Table: d.TableName, New: c.QueryParam("key") == "", CanPut: h.svc.Allowed(ctx, caller, catalog.DynamoDBPutItem.String(), d.TableArn)}
	if vm.New {
		skeleton := map[string]map[string]string{}
		for _, k := range d.KeySchema {
			skeleton[k.AttributeName] = map[string]string{typeOfAttr(d.AttributeDefinitions, k.AttributeName): ""}
		}
		b, _ := json.MarshalIndent(skeleton, "", "  ")
		vm.JSON = string(b)
		return Render(c, http.StatusOK, views.DDBItem(PageFor(c, "Create item", "dynamodb-tables"), vm))
	}
	var key dynamodb.WireItem
	if err := json.Unmarshal([]byte(c.QueryParam("key")), &key); err != nil {
		return Fail(c, &iam.Error{Kind: iam.KindInvalid, Code: "ValidationException", Message: "The item's key is not valid DynamoDB JSON."})
	}
	out, err := h.ddb.GetItem(ctx, caller, dynamodb.GetItemInput{TableName: name, Key: key})
	if err != nil {
		return Fail(c, err)
	}
	if out.Item == nil {
		return Fail(c, &iam.Error{Kind: iam.KindNotFound, Code: "ResourceNotFoundException", Message: "The item does not exist."})
	}
	vm.JSON = indent(out.Item)
	return Render(c, http.StatusOK, views.DDBItem(PageFor(c, "Edit item", "dynamodb-tables"), vm))
}

func indent(raw []byte) string {
	var b bytes.Buffer
	if json.Indent(&b, raw, "", "  ") != nil {
		return string(raw)
	}
	return b.String()
}

// PutItem writes the editor's item.
func (h *DynamoDB) PutItem(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	name, text := c.Param("name"), c.FormValue("item")
	fail := func(status int, msg string) error {
		vm := views.DDBItemVM{Table: name, JSON: text, New: true, CanPut: true, Errors: map[string]string{"item": msg}}
		return Render(c, status, views.DDBItem(PageFor(c, "Create item", "dynamodb-tables"), vm))
	}
	var item dynamodb.WireItem
	if err := json.Unmarshal([]byte(text), &item); err != nil || item == nil {
		return fail(http.StatusUnprocessableEntity, "The item must be a JSON object of attributes in DynamoDB JSON, like {\"ID\": {\"S\": \"1\"}}.")
	}
	if _, err := h.ddb.PutItem(ctx, caller, dynamodb.PutItemInput{TableName: name, Item: item}); err != nil {
		if iam.AsError(err).Kind == iam.KindInvalid {
			return fail(http.StatusUnprocessableEntity, iam.AsError(err).Message)
		}
		return Fail(c, err)
	}
	Flash(c, "success", "The item was saved.")
	return Redirect(c, "/dynamodb/tables/"+url.PathEscape(name))
}

// DeleteItem deletes an item by its key.
func (h *DynamoDB) DeleteItem(c echo.Context) error {
	name := c.Param("name")
	var key dynamodb.WireItem
	if err := json.Unmarshal([]byte(c.FormValue("key")), &key); err != nil {
		return Fail(c, &iam.Error{Kind: iam.KindInvalid, Code: "ValidationException", Message: "The item's key is not valid DynamoDB JSON."})
	}
	if _, err := h.ddb.DeleteItem(c.Request().Context(), Caller(c), dynamodb.DeleteItemInput{TableName: name, Key: key}); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "The item was deleted.")
	return Redirect(c, "/dynamodb/tables/"+url.PathEscape(name))
}

// DeleteTable deletes a table.
func (h *DynamoDB) DeleteTable(c echo.Context) error {
	name := c.Param("name")
	if _, err := h.ddb.DeleteTable(c.Request().Context(), Caller(c), name); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "Table "+name+" was deleted.")
	return Redirect(c, "/dynamodb/tables")
}

// epochTime is a JSON timestamp (seconds) as a time.
func epochTime(s float64) time.Time { return time.UnixMilli(int64(s * 1000)).UTC() }
