package ec2

import (
	"iamconsole/handlers/api/ec2query"
	res "iamconsole/resources/ec2"
)

// items is an EC2 list: <item> elements.
type items[T any] struct {
	Items []T `xml:"item"`
}

type returnXML struct {
	Return bool `xml:"return"`
}

type instanceStateXML struct {
	Code int    `xml:"code"`
	Name string `xml:"name"`
}

func stateXML(s res.State) instanceStateXML { return instanceStateXML{Code: s.Code, Name: s.Name} }

type tagXML struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type placementXML struct {
	AvailabilityZone string `xml:"availabilityZone"`
	GroupName        string `xml:"groupName"`
	Tenancy          string `xml:"tenancy"`
}

type stateReasonXML struct {
	Code    string `xml:"code"`
	Message string `xml:"message"`
}

type groupXML struct {
	GroupID   string `xml:"groupId"`
	GroupName string `xml:"groupName"`
}

type instanceXML struct {
	InstanceID     string           `xml:"instanceId"`
	ImageID        string           `xml:"imageId"`
	State          instanceStateXML `xml:"instanceState"`
	PrivateDNSName string           `xml:"privateDnsName"`
	DNSName        string           `xml:"dnsName"`
	Reason         string           `xml:"reason"`
	KeyName        string           `xml:"keyName,omitempty"`
	AmiLaunchIndex int              `xml:"amiLaunchIndex"`
	ProductCodes   struct{}         `xml:"productCodes"`
	InstanceType   string           `xml:"instanceType"`
	LaunchTime     string           `xml:"launchTime"`
	Placement      placementXML     `xml:"placement"`
	Platform       string           `xml:"platform,omitempty"`
	Monitoring     struct {
		State string `xml:"state"`
	} `xml:"monitoring"`
	SubnetID                string          `xml:"subnetId,omitempty"`
	VpcID                   string          `xml:"vpcId,omitempty"`
	PrivateIPAddress        string          `xml:"privateIpAddress,omitempty"`
	IPAddress               string          `xml:"ipAddress,omitempty"`
	SourceDestCheck         bool            `xml:"sourceDestCheck"`
	Groups                  items[groupXML] `xml:"groupSet"`
	StateReason             *stateReasonXML `xml:"stateReason,omitempty"`
	Architecture            string          `xml:"architecture"`
	RootDeviceType          string          `xml:"rootDeviceType"`
	RootDeviceName          string          `xml:"rootDeviceName"`
	BlockDeviceMapping      struct{}        `xml:"blockDeviceMapping"`
	VirtualizationType      string          `xml:"virtualizationType"`
	ClientToken             string          `xml:"clientToken"`
	Tags                    *items[tagXML]  `xml:"tagSet,omitempty"`
	Hypervisor              string          `xml:"hypervisor"`
	EbsOptimized            bool            `xml:"ebsOptimized"`
	EnaSupport              bool            `xml:"enaSupport"`
	PlatformDetails         string          `xml:"platformDetails"`
	UsageOperation          string          `xml:"usageOperation"`
	BootMode                string          `xml:"bootMode,omitempty"`
	CurrentInstanceBootMode string          `xml:"currentInstanceBootMode,omitempty"`
}

type reservationXML struct {
	ReservationID string             `xml:"reservationId"`
	OwnerID       string             `xml:"ownerId"`
	Groups        items[groupXML]    `xml:"groupSet"`
	Instances     items[instanceXML] `xml:"instancesSet"`
}

func reservationOf(r *res.Reservation) *reservationXML {
	x := &reservationXML{ReservationID: r.ID, OwnerID: r.OwnerID, Groups: items[groupXML]{Items: []groupXML{}}, Instances: items[instanceXML]{Items: []instanceXML{}}}
	for _, i := range r.Instances {
		x.Instances.Items = append(x.Instances.Items, instanceOf(&i))
	}
	return x
}

func instanceOf(i *res.Instance) instanceXML {
	x := instanceXML{InstanceID: i.ID, ImageID: i.ImageID, State: stateXML(i.State), PrivateDNSName: i.PrivateDNS, DNSName: i.PublicDNS,
		Reason: i.StateTransitionReason, KeyName: i.KeyName, AmiLaunchIndex: i.LaunchIndex, InstanceType: i.InstanceType,
		LaunchTime: ec2query.Timestamp(i.LaunchTime), Placement: placementXML{AvailabilityZone: i.AvailabilityZone, Tenancy: "default"},
		Platform: i.Platform, SubnetID: i.SubnetID, VpcID: i.VpcID, PrivateIPAddress: i.PrivateIP, IPAddress: i.PublicIP,
		SourceDestCheck: true, Groups: items[groupXML]{Items: []groupXML{}}, Architecture: i.Architecture, RootDeviceType: "ebs",
		RootDeviceName: i.RootDeviceName, VirtualizationType: "hvm", ClientToken: i.ClientToken, Hypervisor: "xen", EnaSupport: true,
		PlatformDetails: i.PlatformDetails, UsageOperation: "RunInstances"}
	x.Monitoring.State = "disabled"
	if i.State.Name != "terminated" {
		x.Groups.Items = []groupXML{{GroupID: "sg-" + i.VpcID[4:] + "0", GroupName: "default"}}
	}
	if i.Platform == "windows" {
		x.UsageOperation = "RunInstances:0002"
	}
	if i.StateReason != nil {
		x.StateReason = &stateReasonXML{Code: i.StateReason.Code, Message: i.StateReason.Message}
	}
	if len(i.Tags) > 0 {
		x.Tags = &items[tagXML]{}
		for _, t := range i.Tags {
			x.Tags.Items = append(x.Tags.Items, tagXML{Key: t.Key, Value: t.Value})
		}
	}
	return x
}

type describeInstancesXML struct {
	Reservations items[reservationXML] `xml:"reservationSet"`
	NextToken    string                `xml:"nextToken,omitempty"`
}

type stateChangeXML struct {
	InstanceID string           `xml:"instanceId"`
	Current    instanceStateXML `xml:"currentState"`
	Previous   instanceStateXML `xml:"previousState"`
}

type stateChangesXML struct {
	Instances items[stateChangeXML] `xml:"instancesSet"`
}

type tagDescriptionXML struct {
	ResourceID   string `xml:"resourceId"`
	ResourceType string `xml:"resourceType"`
	Key          string `xml:"key"`
	Value        string `xml:"value"`
}

type describeTagsXML struct {
	Tags      items[tagDescriptionXML] `xml:"tagSet"`
	NextToken string                   `xml:"nextToken,omitempty"`
}

type regionXML struct {
	Name        string `xml:"regionName"`
	Endpoint    string `xml:"regionEndpoint"`
	OptInStatus string `xml:"optInStatus"`
}

type describeRegionsXML struct {
	Regions items[regionXML] `xml:"regionInfo"`
}

type imageXML struct {
	ImageID            string   `xml:"imageId"`
	ImageLocation      string   `xml:"imageLocation"`
	ImageState         string   `xml:"imageState"`
	ImageOwnerID       string   `xml:"imageOwnerId"`
	CreationDate       string   `xml:"creationDate"`
	IsPublic           bool     `xml:"isPublic"`
	Architecture       string   `xml:"architecture"`
	ImageType          string   `xml:"imageType"`
	Platform           string   `xml:"platform,omitempty"`
	PlatformDetails    string   `xml:"platformDetails"`
	UsageOperation     string   `xml:"usageOperation"`
	ImageOwnerAlias    string   `xml:"imageOwnerAlias,omitempty"`
	Name               string   `xml:"name"`
	Description        string   `xml:"description"`
	RootDeviceType     string   `xml:"rootDeviceType"`
	RootDeviceName     string   `xml:"rootDeviceName"`
	BlockDeviceMapping struct{} `xml:"blockDeviceMapping"`
	VirtualizationType string   `xml:"virtualizationType"`
	Hypervisor         string   `xml:"hypervisor"`
	EnaSupport         bool     `xml:"enaSupport"`
}

func imageOf(img res.Image) imageXML {
	x := imageXML{ImageID: img.ID, ImageLocation: ownerName(img) + "/" + img.Name, ImageState: "available", ImageOwnerID: img.OwnerID,
		CreationDate: ec2query.Timestamp(img.CreationDate), IsPublic: true, Architecture: img.Architecture, ImageType: "machine",
		Platform: img.Platform, PlatformDetails: img.PlatformDetails, UsageOperation: "RunInstances", ImageOwnerAlias: img.OwnerAlias,
		Name: img.Name, Description: img.Description, RootDeviceType: "ebs", RootDeviceName: img.RootDeviceName, VirtualizationType: "hvm",
		Hypervisor: "xen", EnaSupport: true}
	if img.Platform == "windows" {
		x.UsageOperation = "RunInstances:0002"
	}
	return x
}

func ownerName(img res.Image) string {
	if img.OwnerAlias != "" {
		return img.OwnerAlias
	}
	return img.OwnerID
}

type describeImagesXML struct {
	Images items[imageXML] `xml:"imagesSet"`
}

type statusSummaryXML struct {
	Status string `xml:"status"`
}

type instanceStatusXML struct {
	InstanceID       string           `xml:"instanceId"`
	AvailabilityZone string           `xml:"availabilityZone"`
	State            instanceStateXML `xml:"instanceState"`
	SystemStatus     statusSummaryXML `xml:"systemStatus"`
	InstanceStatus   statusSummaryXML `xml:"instanceStatus"`
}

type describeStatusXML struct {
	Statuses items[instanceStatusXML] `xml:"instanceStatusSet"`
}
