package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Modes of the simulated services.
const (
	ModeDDBGet      = "ddb-get"      // DynamoDB GetItem of one item of -table
	ModeDDBPut      = "ddb-put"      // DynamoDB PutItem of a new item of -table each request
	ModeDDBQuery    = "ddb-query"    // DynamoDB Query of the 100 items of one partition of -table
	ModeEC2Describe = "ec2-describe" // EC2 DescribeInstances filtered by the Name tag -name
	ModeSetup       = "setup"        // creates -table with 100 items and 1,000 instances, once
)

// Defaults of the resource modes, as setup creates them.
const (
	defaultTable = "LoadTest"
	defaultName  = "load-0500"
	setupItems   = 100
	setupFleet   = 1000
)

// resourceCall is the request of a resource mode.
func resourceCall(cfg Config) *apiRequest {
	table := cfg.Table
	if table == "" {
		table = defaultTable
	}
	name := cfg.Name
	if name == "" {
		name = defaultName
	}
	fixed := func(b string) func(int, int) []byte { return func(int, int) []byte { return []byte(b) } }
	switch cfg.mode() {
	case ModeDDBGet:
		return &apiRequest{service: "dynamodb", target: "DynamoDB_20120810.GetItem",
			body: fixed(`{"TableName":"` + table + `","Key":{"pk":{"S":"p"},"sk":{"N":"42"}}}`)}
	case ModeDDBPut:
		return &apiRequest{service: "dynamodb", target: "DynamoDB_20120810.PutItem", body: func(w, n int) []byte {
			return fmt.Appendf(nil, `{"TableName":"%s","Item":{"pk":{"S":"w%d"},"sk":{"N":"%d"},"name":{"S":"item %d"},"count":{"N":"%d"},"tags":{"SS":["a","b"]}}}`,
				table, w, n, n, n)
		}}
	case ModeDDBQuery:
		return &apiRequest{service: "dynamodb", target: "DynamoDB_20120810.Query",
			body: fixed(`{"TableName":"` + table + `","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}}}`)}
	default: // ModeEC2Describe
		return &apiRequest{service: "ec2", body: fixed(url.Values{"Action": {"DescribeInstances"}, "Version": {"2016-11-15"},
			"Filter.1.Name": {"tag:Name"}, "Filter.1.Value.1": {name}}.Encode())}
	}
}

// Setup creates what the resource modes read: a table of 100 items in one
// partition (sk 0 to 99, so GetItem finds sk 42) and 1,000 instances
// tagged load-0000 to load-0999.
func Setup(ctx context.Context, cfg Config) error {
	u, err := checkLoopback(cfg.URL)
	if err != nil {
		return err
	}
	if cfg.AccessKeyID == "" || cfg.Secret == "" {
		return errors.New("an access key ID and secret are required")
	}
	table := cfg.Table
	if table == "" {
		table = defaultTable
	}
	client := &http.Client{Timeout: 30 * time.Second}
	do := func(call *apiRequest, body string) error {
		req, err := signedRequest(ctx, &cfg, u, call, []byte(body))
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: %d %.300s", call.target+call.service, resp.StatusCode, b)
		}
		return nil
	}
	ddb := func(op string) *apiRequest {
		return &apiRequest{service: "dynamodb", target: "DynamoDB_20120810." + op}
	}
	if err := do(ddb("CreateTable"), `{"TableName":"`+table+`","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],`+
		`"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"}`); err != nil {
		return err
	}
	for start := 0; start < setupItems; start += 25 {
		var reqs []string
		for i := start; i < min(start+25, setupItems); i++ {
			reqs = append(reqs, fmt.Sprintf(`{"PutRequest":{"Item":{"pk":{"S":"p"},"sk":{"N":"%d"},"name":{"S":"item %d"},"price":{"N":"%d.99"},"tags":{"SS":["x","y"]}}}}`, i, i, i))
		}
		if err := do(ddb("BatchWriteItem"), `{"RequestItems":{"`+table+`":[`+strings.Join(reqs, ",")+`]}}`); err != nil {
			return err
		}
	}
	for i := 0; i < setupFleet; i++ {
		form := url.Values{"Action": {"RunInstances"}, "Version": {"2016-11-15"}, "ImageId": {"ami-0c02fb55956c7d316"}, "InstanceType": {"t3.micro"},
			"MinCount": {"1"}, "MaxCount": {"1"}, "TagSpecification.1.ResourceType": {"instance"}, "TagSpecification.1.Tag.1.Key": {"Name"},
			"TagSpecification.1.Tag.1.Value": {"load-" + fmt.Sprintf("%04d", i)}}
		if err := do(&apiRequest{service: "ec2"}, form.Encode()); err != nil {
			return err
		}
	}
	return nil
}
