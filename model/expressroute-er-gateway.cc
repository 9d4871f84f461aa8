// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-gateway-data-path.h"
#include "expressroute-er-gateway.h"

#include "ns3/boolean.h"
#include "expressroute-enum-attribute.h"

#include "ns3/enum.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(ErGateway);

TypeId
ErGateway::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::ErGateway")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<ErGateway>()
            .AddAttribute("Sku",
                          "Gateway SKU; sets throughput, packets/s and circuits ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-about-virtual-network-gateways"
                          ").",
                          EnumClassValue(ErGatewaySku::ErGw1Az),
                          MakeEnumClassAccessor(&ErGateway::m_sku),
                          MakeEnumClassChecker<ErGatewaySku>(ErGatewaySkuNames(), ParseErGatewaySku))
            .AddAttribute("FastPath",
                          "FastPath: on-premises to VM traffic bypasses the gateway's data path; "
                          "UltraPerformance/ErGw3Az only (references.md §6, "
                          "https://learn.microsoft.com/azure/expressroute/about-fastpath), and "
                          "ErGwScale from 10 scale units "
                          "(https://learn.microsoft.com/azure/expressroute/scalable-gateway).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&ErGateway::m_fastPath),
                          MakeBooleanChecker())
            .AddAttribute("ScaleUnits",
                          "ErGwScale scale units, 1..40; 1 Gbps and 100,000 packets/s each "
                          "("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-about-virtual-network-gateways).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&ErGateway::m_scaleUnits),
                          MakeUintegerChecker<uint32_t>(1, 40))
            .AddAttribute("Asn",
                          "Gateway ASN: 65515 ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-routing).",
                          UintegerValue(kGatewayAsn),
                          MakeUintegerAccessor(&ErGateway::m_asn),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RouteProgrammingDelay",
                          "Time the gateway takes to move or remove forwarding it has when its "
                          "routes (to on-premises, from the MSEEs) change; a route to a prefix "
                          "it has none for goes in at once. 0: every change at once. Microsoft "
                          "documents that the overall convergence between the gateway and the "
                          "MSEEs can take up to about a minute even with BFD (references.md §3, "
                          "https://learn.microsoft.com/azure/expressroute/expressroute-bfd): "
                          "60s gives that worst case for Azure-to-premises traffic.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&ErGateway::m_routeProgrammingDelay),
                          MakeTimeChecker(Time(0), Minutes(10)));
    return tid;
}

void
ErGateway::DoDispose()
{
    m_node = nullptr;
    m_dataPath = nullptr;
    Object::DoDispose();
}

} // namespace expressroute
} // namespace ns3
