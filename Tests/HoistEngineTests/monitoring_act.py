"""Does with boto3 what a person or CloudWatch would, for MonitoringTests and DeployerPolicyTests.
argv: endpoint, access key, secret, action, then:
- confirm TOPIC_ARN ADDRESS: follows the link SNS mailed ADDRESS (the harness takes the address as the token).
- alarm NAME REASON: CloudWatch finds the alarm breaching (SetAlarmState to ALARM).
"""
import sys

import boto3

endpoint, key, secret, action, *rest = sys.argv[1:]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
if action == "confirm":
    topic, address = rest
    boto3.client("sns", **kw).confirm_subscription(TopicArn=topic, Token=address)
elif action == "alarm":
    name, reason = rest
    boto3.client("cloudwatch", **kw).set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason=reason)
else:
    sys.exit(f"unknown action {action}")
