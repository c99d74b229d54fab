package console

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/resources/ec2"
	"iamconsole/views"
)

// EC2 serves the EC2 instances pages: the list with its Instance state
// menu, the terminate confirmation and the launch form.
type EC2 struct {
	svc *iam.Service
	ec2 *ec2.Service
}

// NewEC2 builds the EC2 handlers.
func NewEC2(svc *iam.Service, e *ec2.Service) *EC2 { return &EC2{svc: svc, ec2: e} }

func anyInstanceARN(c *iam.Caller) string {
	return ec2.InstanceARN(ec2.DefaultRegion, c.AccountID, "*")
}

// Instances lists the instances, optionally of one state.
func (h *EC2) Instances(c echo.Context) error { return h.instances(c, http.StatusOK, nil) }

func (h *EC2) instances(c echo.Context, status int, errs map[string]string) error {
	ctx, caller := c.Request().Context(), Caller(c)
	in := ec2.DescribeInput{}
	state := c.QueryParam("state")
	if state != "" {
		in.Filters = []ec2.Filter{{Name: "instance-state-name", Values: []string{state}}}
	}
	out, err := h.ec2.DescribeInstances(ctx, caller, in)
	if err != nil {
		return Fail(c, err)
	}
	vm := views.EC2InstancesVM{Region: ec2.DefaultRegion, State: state, Errors: errs}
	for _, r := range out.Reservations {
		for _, i := range r.Instances {
			row := views.EC2InstanceRow{ID: i.ID, State: i.State.Name, Type: i.InstanceType, LaunchTime: when(i.LaunchTime),
				PublicIP: i.PublicIP, PrivateIP: i.PrivateIP, Zone: i.AvailabilityZone}
			for _, t := range i.Tags {
				if t.Key == "Name" {
					row.Name = t.Value
				}
				row.Tags = append(row.Tags, views.Tag{Key: t.Key, Value: t.Value})
			}
			vm.Instances = append(vm.Instances, row)
		}
	}
	arn := anyInstanceARN(caller)
	vm.CanStop = h.svc.Allowed(ctx, caller, catalog.EC2StopInstances.String(), arn)
	vm.CanStart = h.svc.Allowed(ctx, caller, catalog.EC2StartInstances.String(), arn)
	vm.CanReboot = h.svc.Allowed(ctx, caller, catalog.EC2RebootInstances.String(), arn)
	vm.CanTerminate = h.svc.Allowed(ctx, caller, catalog.EC2TerminateInstances.String(), arn)
	vm.CanLaunch = h.svc.Allowed(ctx, caller, catalog.EC2RunInstances.String(), arn)
	return Render(c, status, views.EC2Instances(PageFor(c, "Instances", "ec2-instances"), vm))
}

var stateVerbs = map[string]string{"stop": "Stopping", "start": "Starting", "reboot": "Rebooting", "terminate": "Terminating"}

// State runs the Instance state menu's action on the selected instances;
// Terminate asks for confirmation first.
func (h *EC2) State(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return Fail(c, iam.Invalid("", "The form could not be read."))
	}
	action, ids := form.Get("action"), form["instance_id"]
	verb, ok := stateVerbs[action]
	if !ok {
		return h.instances(c, http.StatusUnprocessableEntity, map[string]string{"_": "Choose an action of the Instance state menu."})
	}
	if len(ids) == 0 {
		return h.instances(c, http.StatusUnprocessableEntity, map[string]string{"_": "Select one or more instances first."})
	}
	if action == "terminate" && form.Get("confirm") != "yes" {
		return Render(c, http.StatusOK, views.EC2ConfirmTerminate(PageFor(c, "Terminate instances", "ec2-instances"), views.EC2ConfirmVM{IDs: ids}))
	}
	if _, err := h.ec2.Change(c.Request().Context(), Caller(c), action, ids, false); err != nil {
		switch iam.AsError(err).Kind {
		case iam.KindInvalid, iam.KindDenied:
			return h.instances(c, formStatus(iam.AsError(err).Kind), map[string]string{"_": iam.AsError(err).Message})
		}
		return Fail(c, err)
	}
	Flash(c, "success", verb+" "+strings.Join(ids, ", ")+".")
	return Redirect(c, "/ec2/instances")
}

// LaunchForm shows the launch form.
func (h *EC2) LaunchForm(c echo.Context) error {
	return h.launchForm(c, http.StatusOK, views.EC2LaunchVM{Image: ec2.Images[0].ID, Type: "t3.micro", Count: "1"})
}

func (h *EC2) launchForm(c echo.Context, status int, vm views.EC2LaunchVM) error {
	ctx, caller := c.Request().Context(), Caller(c)
	imgs, err := h.ec2.DescribeImages(ctx, caller, nil, nil, nil, false)
	if err != nil {
		return Fail(c, err)
	}
	for _, img := range imgs {
		vm.Images = append(vm.Images, views.EC2Option{Value: img.ID, Label: img.Description + " (" + img.ID + ", " + img.Architecture + ")"})
	}
	var types []string
	for t := range ec2.InstanceTypes {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		vm.Types = append(vm.Types, views.EC2Option{Value: t, Label: t + " (" + ec2.InstanceTypes[t] + ")"})
	}
	vm.CanLaunch = h.svc.Allowed(ctx, caller, catalog.EC2RunInstances.String(), anyInstanceARN(caller))
	return Render(c, status, views.EC2Launch(PageFor(c, "Launch instances", "ec2-launch"), vm))
}

// Launch runs instances from the launch form.
func (h *EC2) Launch(c echo.Context) error {
	vm := views.EC2LaunchVM{Name: strings.TrimSpace(c.FormValue("name")), Image: c.FormValue("image"), Type: c.FormValue("type"), Count: c.FormValue("count")}
	n, err := strconv.Atoi(vm.Count)
	if err != nil || n < 1 || n > 20 {
		vm.Errors = map[string]string{"count": "Enter a number of instances from 1 to 20."}
		return h.launchForm(c, http.StatusUnprocessableEntity, vm)
	}
	in := ec2.RunInput{ImageID: vm.Image, InstanceType: vm.Type, MinCount: &n, MaxCount: &n}
	if vm.Name != "" {
		in.TagSpecifications = []ec2.TagSpec{{ResourceType: "instance", Tags: []ec2.Tag{{Key: "Name", Value: vm.Name}}}}
	}
	r, err := h.ec2.RunInstances(c.Request().Context(), Caller(c), in)
	if err != nil {
		if k := iam.AsError(err).Kind; k == iam.KindInvalid || k == iam.KindDenied || k == iam.KindLimit {
			vm.Errors = map[string]string{"_": iam.AsError(err).Message}
			return h.launchForm(c, formStatus(k), vm)
		}
		return Fail(c, err)
	}
	var ids []string
	for _, i := range r.Instances {
		ids = append(ids, i.ID)
	}
	Flash(c, "success", "Successfully initiated launch of "+strings.Join(ids, ", ")+".")
	return Redirect(c, "/ec2/instances")
}

// formStatus is the status of a form re-shown with an error: 403 when
// refused, 422 for the rest.
func formStatus(k iam.Kind) int {
	if k == iam.KindDenied {
		return http.StatusForbidden
	}
	return http.StatusUnprocessableEntity
}
