// Package ec2 is the simulated Amazon EC2: instances without machines
// behind them, launched from a few fixed AMIs, moving through EC2's states
// on the kernel's clock (pending to running, stopping to stopped,
// shutting-down to terminated; a terminated instance stays listed for an
// hour), with tags, filters, regions and DryRun. Every operation is
// authorized through the iam kernel with EC2's resource ARNs and condition
// keys (ec2:ResourceTag/…, aws:RequestTag/…, aws:TagKeys, ec2:InstanceType,
// ec2:Region) and recorded as a management event; a refusal carries the
// plain explanation and an encoded authorization message that STS decodes.
//
// It imports iam, iam/policy, iam/catalog (action names, ARN builders),
// store, resources/authzmsg and the standard
// library.
package ec2
