"""A custom domain's pieces, read and set with boto3, for DomainTests.

argv: endpoint, access key, secret, action, name.
- zone NAME: creates a public hosted zone NAME; prints its id.
- foreign NAME: puts a plain A record (192.0.2.1) called NAME in the zone that holds it.
- swap NAME: puts the domain name NAME on another certificate for NAME (requested, validated in its zone and
  ISSUED, untagged), as a console user would; prints that certificate's ARN.
- delete-certificate ARN: deletes that certificate.
- zone-records NAME: prints the record sets of the zone named NAME (apart from SOA and NS), one "TYPE name" a line.
- check NAME: prints JSON: the account's certificates for NAME (status, tags), every record set of the zones
  that hold NAME (apart from SOA and NS), the domain name NAME (target, certificate, tags) and its mappings.
"""
import json
import sys

import boto3

endpoint, key, secret, action, name = sys.argv[1:6]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
r53 = boto3.client("route53", **kw)


def zone_of(domain):
    zones = [z for z in r53.list_hosted_zones()["HostedZones"] if domain == z["Name"].rstrip(".") or domain.endswith("." + z["Name"].rstrip("."))]
    return max(zones, key=lambda z: len(z["Name"])) if zones else None


if action == "zone":
    print(r53.create_hosted_zone(Name=name, CallerReference=name)["HostedZone"]["Id"])
elif action == "foreign":
    r53.change_resource_record_sets(HostedZoneId=zone_of(name)["Id"], ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": {
        "Name": name, "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]})
elif action == "check":
    acm = boto3.client("acm", **kw)
    gw = boto3.client("apigatewayv2", **kw)
    certificates = []
    for summary in acm.list_certificates()["CertificateSummaryList"]:
        if summary["DomainName"] == name:
            detail = acm.describe_certificate(CertificateArn=summary["CertificateArn"])["Certificate"]
            tags = {t["Key"]: t.get("Value", "") for t in acm.list_tags_for_certificate(CertificateArn=summary["CertificateArn"]).get("Tags", [])}
            certificates.append({"arn": detail["CertificateArn"], "status": detail["Status"], "tags": tags})
    zone = zone_of(name)
    records = []
    if zone:
        for record in r53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]:
            if record["Type"] in ("SOA", "NS"):
                continue
            records.append({"name": record["Name"].rstrip("."), "type": record["Type"], "values": [r["Value"] for r in record.get("ResourceRecords", [])],
                            "alias": record.get("AliasTarget", {}).get("DNSName", "").rstrip(".") or None})
    try:
        domain = gw.get_domain_name(DomainName=name)
        configuration = domain["DomainNameConfigurations"][0]
        mappings = [{"api": m["ApiId"], "stage": m["Stage"]} for m in gw.get_api_mappings(DomainName=name)["Items"]]
        domain_out = {"target": configuration.get("ApiGatewayDomainName"), "certificate": configuration.get("CertificateArn"),
                      "endpointType": configuration.get("EndpointType"), "securityPolicy": configuration.get("SecurityPolicy"),
                      "tags": domain.get("Tags", {}), "mappings": mappings}
    except gw.exceptions.NotFoundException:
        domain_out = None
    print(json.dumps({"certificates": certificates, "records": records, "domain": domain_out}))
elif action == "swap":
    import time
    acm = boto3.client("acm", **kw)
    gw = boto3.client("apigatewayv2", **kw)
    arn = acm.request_certificate(DomainName=name, ValidationMethod="DNS")["CertificateArn"]
    for _ in range(100):
        detail = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        record = detail.get("DomainValidationOptions", [{}])[0].get("ResourceRecord")
        if detail["Status"] == "ISSUED":
            break
        if record:
            r53.change_resource_record_sets(HostedZoneId=zone_of(name)["Id"], ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
                "Name": record["Name"], "Type": record["Type"], "TTL": 300, "ResourceRecords": [{"Value": record["Value"]}]}}]})
        time.sleep(0.1)
    gw.update_domain_name(DomainName=name, DomainNameConfigurations=[{"CertificateArn": arn, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}])
    print(arn)
elif action == "zone-records":
    zone = next(z for z in r53.list_hosted_zones()["HostedZones"] if z["Name"].rstrip(".") == name)
    for record in r53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]:
        if record["Type"] not in ("SOA", "NS"):
            print(record["Type"], record["Name"].rstrip("."))
elif action == "delete-certificate":
    boto3.client("acm", **kw).delete_certificate(CertificateArn=name)
else:
    sys.exit(f"unknown action {action}")
