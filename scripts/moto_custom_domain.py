"""ACM's DNS validation and API Gateway's custom domain names as AWS serves them, where moto differs.

Imported by moto_server.py before the server starts.

- ACM issues a DNS-validated certificate once the CNAME it asks for answers in DNS
  (docs.aws.amazon.com/acm/latest/userguide/dns-validation.html), and keeps trying for up to 72 hours before
  VALIDATION_TIMED_OUT. moto issues it MOTO_ACM_VALIDATION_WAIT seconds after the request whatever DNS holds.
  Here it is PENDING_VALIDATION until a Route 53 zone of the account holds that CNAME with ACM's value, and, in
  real-AWS mode, VALIDATION seconds times the scale after the record appeared (users report minutes, and waits
  past an hour: hashicorp/terraform-provider-aws#9338).
- API Gateway v2 CreateDomainName refuses a certificate that is not ISSUED (400 BadRequestException) and answers
  each configuration with the regional target to alias to: `apiGatewayDomainName` (d-<id>.execute-api.<region>
  .amazonaws.com), `hostedZoneId` (the region's API Gateway zone, docs.aws.amazon.com/general/latest/gr/
  apigateway.html) and `domainNameStatus` AVAILABLE. moto echoes the request.
- API Gateway v2 UpdateDomainName (PATCH /v2/domainnames/{domainName}, the 2018-11-29 model), which moto lacks:
  the configurations replaced, with the same refusal of a certificate that is not ISSUED, and the domain name
  answered as GetDomainName answers it (its regional target kept).
"""
import urllib.parse
import json
import random
import string
import time

from moto.acm.models import CertBundle, acm_backends
from moto.apigatewayv2.models import DomainName
from moto.apigatewayv2.responses import ApiGatewayV2Response
from moto.core.exceptions import JsonRESTError
from moto.route53.models import route53_backends

VALIDATION = 60.0

# Seconds DNS validation takes once the record is there: set by moto_server.py from --realistic (0 without it).
validation_seconds = 0.0
# Real-AWS mode's clock (real_aws.HeldClock), so a test holding it holds validation too.
clock = time.monotonic

# API Gateway's hosted zone per region, for alias records to a regional custom domain
# (docs.aws.amazon.com/general/latest/gr/apigateway.html, "API Gateway endpoints").
REGIONAL_ZONES = {
    "us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ", "us-west-1": "Z2MUQ32089INYE", "us-west-2": "Z2OJLYMUO9EFXC",
    "eu-west-1": "ZLY8HYME6SFDD", "eu-west-2": "ZJ5UAJN8Y3Z2Q", "eu-central-1": "Z1U9ULNL0V5AJ3", "ap-southeast-2": "Z2RPCDW04V8134",
}

_seen = {}  # (account, record name) -> when its CNAME was first seen in a zone


def _validation_record_present(account_id, name, value):
    for partition in route53_backends[account_id].values():
        for zone in partition.zones.values():
            for record in zone.rrsets:
                if record.type == "CNAME" and record.name.rstrip(".").lower() == name.rstrip(".").lower() and any(
                        v.rstrip(".") == value.rstrip(".") for v in record.records):
                    return True
    return False


_moto_check = CertBundle.check


def check(self):
    if self.type != "AMAZON_ISSUED" or self.status != "PENDING_VALIDATION":
        return _moto_check(self)
    options = self.describe()["Certificate"].get("DomainValidationOptions", [])
    record = options[0]["ResourceRecord"] if options else None
    account = self.arn.split(":")[4]
    if record is None or not _validation_record_present(account, record["Name"], record["Value"]):
        return
    first_seen = _seen.setdefault((account, record["Name"]), clock())
    if clock() - first_seen >= validation_seconds:
        self.status = "ISSUED"


class _BadRequest(JsonRESTError):
    code = 400


def _certificate_status(account_id, region, arn):
    try:
        bundle = acm_backends[account_id][region].get_certificate(arn)
    except Exception:
        return None
    bundle.check()
    return bundle.status


_moto_create_domain_name = ApiGatewayV2Response.create_domain_name


def create_domain_name(self):
    params = json.loads(self.body or "{}")
    for configuration in params.get("domainNameConfigurations", [{}]):
        arn = configuration.get("certificateArn")
        status = _certificate_status(self.current_account, self.region, arn) if arn else None
        if status != "ISSUED":
            raise _BadRequest("BadRequestException", f"Certificate {arn} in account {self.current_account} not yet issued")
    return _moto_create_domain_name(self)


def update_domain_name(self):
    name = urllib.parse.unquote(self.path.split("?")[0].rstrip("/").split("/")[-1])
    domain = self.apigatewayv2_backend.get_domain_name(name)
    configurations = json.loads(self.body or "{}").get("domainNameConfigurations")
    if configurations is not None:
        for configuration in configurations:
            arn = configuration.get("certificateArn")
            status = _certificate_status(self.current_account, self.region, arn) if arn else None
            if status != "ISSUED":
                raise _BadRequest("BadRequestException", f"Certificate {arn} in account {self.current_account} not yet issued")
        domain.domain_name_configurations = configurations
    return 200, {}, json.dumps(domain.to_json())


def to_json(self):
    region = self.domain_name_arn.split(":")[3]
    if not hasattr(self, "_target"):
        self._target = "d-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=10))
    configurations = [
        dict(configuration, apiGatewayDomainName=f"{self._target}.execute-api.{region}.amazonaws.com",
             hostedZoneId=REGIONAL_ZONES.get(region, "Z1UJRXOUMOOFQ8"), domainNameStatus="AVAILABLE",
             endpointType=configuration.get("endpointType", "REGIONAL"), securityPolicy=configuration.get("securityPolicy", "TLS_1_2"))
        for configuration in self.domain_name_configurations
    ]
    return {
        "apiMappingSelectionExpression": self.api_mapping_selection_expression, "domainName": self.domain_name,
        "domainNameArn": self.domain_name_arn, "domainNameConfigurations": configurations,
        "mutualTlsAuthentication": self.mutual_tls_authentication, "tags": self.tags,
    }


def install():
    CertBundle.check = check
    ApiGatewayV2Response.create_domain_name = create_domain_name
    ApiGatewayV2Response.update_domain_name = update_domain_name
    DomainName.to_json = to_json
