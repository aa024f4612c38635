"""Writes log events with boto3 (an independent client) for LogsTests: `log_events.py ENDPOINT KEY SECRET GROUP MESSAGE...`
makes the group and a stream when missing, then puts each MESSAGE as one event, a millisecond apart."""
import sys
import time

import boto3

endpoint, key, secret, group, *messages = sys.argv[1:]
logs = boto3.client("logs", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
stream = "2026/11/28/[$LATEST]0123456789abcdef"
for create in (lambda: logs.create_log_group(logGroupName=group), lambda: logs.create_log_stream(logGroupName=group, logStreamName=stream)):
    try:
        create()
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
now = int(time.time() * 1000)
logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[{"timestamp": now + index, "message": message} for index, message in enumerate(messages)])
