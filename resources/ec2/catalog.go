package ec2

import "time"

// Image is one of the fixed AMIs.
type Image struct {
	ID, Name, Description, OwnerID, OwnerAlias, Architecture, Platform string
	PlatformDetails, RootDeviceName                                    string
	CreationDate                                                       time.Time
}

// Images are the AMIs every region offers.
var Images = []Image{
	{ID: "ami-0c02fb55956c7d316", Name: "amzn2-ami-kernel-5.10-hvm-2.0.20240131.0-x86_64-gp2", Description: "Amazon Linux 2 Kernel 5.10 AMI 2.0.20240131.0 x86_64 HVM gp2",
		OwnerID: "137112412989", OwnerAlias: "amazon", Architecture: "x86_64", PlatformDetails: "Linux/UNIX", RootDeviceName: "/dev/xvda",
		CreationDate: time.Date(2024, 2, 1, 0, 12, 0, 0, time.UTC)},
	{ID: "ami-0e731c8a588258d0d", Name: "al2023-ami-2023.3.20240205.2-kernel-6.1-x86_64", Description: "Amazon Linux 2023 AMI 2023.3.20240205.2 x86_64 HVM kernel-6.1",
		OwnerID: "137112412989", OwnerAlias: "amazon", Architecture: "x86_64", PlatformDetails: "Linux/UNIX", RootDeviceName: "/dev/xvda",
		CreationDate: time.Date(2024, 2, 6, 3, 0, 0, 0, time.UTC)},
	{ID: "ami-02d7fd1c2af6eead0", Name: "al2023-ami-2023.3.20240205.2-kernel-6.1-arm64", Description: "Amazon Linux 2023 AMI 2023.3.20240205.2 arm64 HVM kernel-6.1",
		OwnerID: "137112412989", OwnerAlias: "amazon", Architecture: "arm64", PlatformDetails: "Linux/UNIX", RootDeviceName: "/dev/xvda",
		CreationDate: time.Date(2024, 2, 6, 3, 0, 0, 0, time.UTC)},
	{ID: "ami-0c7217cdde317cfec", Name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240111", Description: "Canonical, Ubuntu, 22.04 LTS, amd64 jammy image build on 2024-01-11",
		OwnerID: "099720109477", Architecture: "x86_64", PlatformDetails: "Linux/UNIX", RootDeviceName: "/dev/sda1",
		CreationDate: time.Date(2024, 1, 11, 10, 0, 0, 0, time.UTC)},
	{ID: "ami-0f9c44e98edf38a2b", Name: "Windows_Server-2022-English-Full-Base-2024.01.16", Description: "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon",
		OwnerID: "801119661308", OwnerAlias: "amazon", Architecture: "x86_64", Platform: "windows", PlatformDetails: "Windows", RootDeviceName: "/dev/sda1",
		CreationDate: time.Date(2024, 1, 17, 7, 0, 0, 0, time.UTC)},
}

// imageByID finds a fixed AMI.
func imageByID(id string) (*Image, bool) {
	for i := range Images {
		if Images[i].ID == id {
			return &Images[i], true
		}
	}
	return nil, false
}

// InstanceTypes are the instance types RunInstances accepts, with their
// architecture.
var InstanceTypes = map[string]string{
	"m1.small": "x86_64", "t2.nano": "x86_64", "t2.micro": "x86_64", "t2.small": "x86_64", "t2.medium": "x86_64", "t2.large": "x86_64",
	"t3.nano": "x86_64", "t3.micro": "x86_64", "t3.small": "x86_64", "t3.medium": "x86_64", "t3.large": "x86_64", "t3.xlarge": "x86_64",
	"m5.large": "x86_64", "m5.xlarge": "x86_64", "m5.2xlarge": "x86_64", "c5.large": "x86_64", "c5.xlarge": "x86_64", "r5.large": "x86_64",
	"t4g.nano": "arm64", "t4g.micro": "arm64", "t4g.small": "arm64", "t4g.medium": "arm64", "m6g.large": "arm64", "c6g.large": "arm64",
}

// Region is an EC2 region.
type Region struct {
	Name, Endpoint, OptInStatus string
}

// regionNames are the regions DescribeRegions lists.
var regionNames = []string{"ap-south-1", "eu-north-1", "eu-west-3", "eu-west-2", "eu-west-1", "ap-northeast-3", "ap-northeast-2",
	"ap-northeast-1", "ca-central-1", "sa-east-1", "ap-southeast-1", "ap-southeast-2", "eu-central-1", "us-east-1", "us-east-2",
	"us-west-1", "us-west-2"}

// Regions lists the regions.
func Regions() []Region {
	out := make([]Region, 0, len(regionNames))
	for _, n := range regionNames {
		out = append(out, Region{Name: n, Endpoint: "ec2." + n + ".amazonaws.com", OptInStatus: "opt-in-not-required"})
	}
	return out
}

func knownRegion(name string) bool {
	for _, n := range regionNames {
		if n == name {
			return true
		}
	}
	return false
}

// State timing: how long the transient states last, and how long a
// terminated instance stays listed.
const (
	PendingFor      = 3 * time.Second
	StoppingFor     = 3 * time.Second
	ShuttingDownFor = 3 * time.Second
	TerminatedFor   = time.Hour
)

// State codes, as EC2 numbers them.
var stateCodes = map[string]int{"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}

// maxInstances bounds an account's instances in a region that are not
// terminated.
const maxInstances = 2000
