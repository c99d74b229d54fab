package ec2

import (
	"time"

	"iamconsole/store"
)

// CreateDemo launches the walkthrough's instances in account (in the
// default region): two running web servers and a stopped batch worker,
// tagged.
func CreateDemo(q *store.Q, account string, now time.Time) error {
	vpc, subnet, az := network(account, DefaultRegion)
	launched := now.Add(-24 * time.Hour)
	res := newID("r")
	var rows []store.EC2Instance
	var tags []store.EC2Tag
	for k, d := range []struct{ name, typ, state, env string }{
		{"web-1", "t3.micro", "running", "production"},
		{"web-2", "t3.micro", "running", "production"},
		{"batch-1", "t3.small", "stopped", "staging"},
	} {
		id := newID("i")
		i := store.EC2Instance{ID: id, AccountID: account, Region: DefaultRegion, ReservationID: res, ImageID: Images[0].ID,
			InstanceType: d.typ, LaunchIndex: k, AvailabilityZone: az, SubnetID: subnet, VpcID: vpc, PrivateIP: randomIP("172.31"),
			PublicIP: randomIP("54"), State: d.state, StateAt: launched, LaunchTime: launched}
		if d.state == "stopped" {
			i.StateReason = "Client.UserInitiatedShutdown\x00Client.UserInitiatedShutdown: User initiated shutdown"
			i.TransitionReason = "User initiated (" + launched.Add(time.Hour).UTC().Format("2006-01-02 15:04:05") + " GMT)"
		}
		rows = append(rows, i)
		for _, t := range [][2]string{{"Name", d.name}, {"Environment", d.env}} {
			tags = append(tags, store.EC2Tag{ResourceID: id, AccountID: account, Region: DefaultRegion, ResourceType: "instance", Key: t[0], Value: t[1]})
		}
	}
	return q.CreateEC2Instances(rows, tags)
}
