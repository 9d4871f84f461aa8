// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-vpn-connection.h"

#include "expressroute-enum-attribute.h"

#include "ns3/enum.h"
#include "ns3/string.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(VpnConnection);

TypeId
VpnConnection::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::VpnConnection")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<VpnConnection>()
            .AddAttribute("Name",
                          "VPN connection name.",
                          StringValue(""),
                          MakeStringAccessor(&VpnConnection::m_name),
                          MakeStringChecker())
            .AddAttribute("Sku",
                          "VPN gateway SKU; caps aggregate throughput ("
                          "https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus"
                          ").",
                          EnumClassValue(VpnGatewaySku::VpnGw1),
                          MakeEnumClassAccessor(&VpnConnection::m_sku),
                          MakeEnumClassChecker<VpnGatewaySku>(VpnGatewaySkuNames(), ParseVpnGatewaySku));
    return tid;
}

} // namespace expressroute
} // namespace ns3
