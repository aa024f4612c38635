"""What aws_cloudwatch made, read with boto3 (an independent client) for MonitoringTests: the topic with its tags
and email subscriptions, the environment's alarms, the dashboard's body. argv: endpoint, access key, secret,
function name."""
import json
import sys

import boto3

endpoint, key, secret, name = sys.argv[1:5]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
sns, cloudwatch = boto3.client("sns", **kw), boto3.client("cloudwatch", **kw)
out = {"topic": None, "alarms": {}, "dashboard": None}
topics = [t["TopicArn"] for t in sns.list_topics()["Topics"] if t["TopicArn"].endswith(":" + name + "-alarms")]
if topics:
    arn = topics[0]
    out["topic"] = {
        "arn": arn,
        "tags": {t["Key"]: t["Value"] for t in sns.list_tags_for_resource(ResourceArn=arn)["Tags"]},
        "emails": sorted(s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"] if s["Protocol"] == "email"),
    }
for alarm in cloudwatch.describe_alarms(AlarmNamePrefix=name + "-")["MetricAlarms"]:
    out["alarms"][alarm["AlarmName"]] = {
        "actions": alarm.get("AlarmActions", []), "okActions": alarm.get("OKActions", []), "threshold": alarm["Threshold"],
        "comparison": alarm["ComparisonOperator"], "metric": alarm.get("MetricName"), "extended": alarm.get("ExtendedStatistic"),
        "expression": next((m.get("Expression") for m in alarm.get("Metrics", []) if m.get("Expression")), None),
        "dimensions": sorted({d["Name"]: d["Value"] for m in alarm.get("Metrics", []) if "MetricStat" in m for d in m["MetricStat"]["Metric"]["Dimensions"]}.items())
        + sorted((d["Name"], d["Value"]) for d in alarm.get("Dimensions", [])),
        "tags": {t["Key"]: t["Value"] for t in cloudwatch.list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"]},
    }
try:
    out["dashboard"] = json.loads(cloudwatch.get_dashboard(DashboardName=name)["DashboardBody"])
except cloudwatch.exceptions.ResourceNotFound:
    pass
print(json.dumps(out))
