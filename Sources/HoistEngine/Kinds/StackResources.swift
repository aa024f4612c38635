/// The registry: the kinds of resource of a stack, in the order a plan lists them and steps start when
/// several are ready (destroy lists them reversed). Adding a kind is one type and one entry here.
package enum StackResources {
    package static let standard: [any StackResource] = [
        RoleResource(), TableResource(), LogGroupResource.function, LogGroupResource.api, UserPoolResource(), UserPoolClientResource(), APIResource(),
        FunctionResource(), AliasResource(), StageResource(), PermissionResource(), IntegrationResource(), AuthorizerResource(), RouteResource(), CertificateResource(),
        ValidationRecordResource(), DomainNameResource(), ApiMappingResource(), DomainRecordsResource(), AlarmTopicResource(),
        AlarmsResource(), DashboardResource(),
    ]
}
