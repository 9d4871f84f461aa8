// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-connectivity-provider.h"

#include "expressroute-enum-attribute.h"

#include "ns3/enum.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(ConnectivityProvider);

TypeId
ConnectivityProvider::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::ConnectivityProvider")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<ConnectivityProvider>()
            .AddAttribute("Name",
                          "Provider name, as written in the scenario.",
                          StringValue(""),
                          MakeStringAccessor(&ConnectivityProvider::m_name),
                          MakeStringChecker())
            .AddAttribute("Kind",
                          "Connectivity model ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-connectivity-models).",
                          EnumClassValue(ProviderKind::CloudExchange),
                          MakeEnumClassAccessor(&ConnectivityProvider::m_kind),
                          MakeEnumClassChecker<ProviderKind>(ProviderKindNames(), ParseProviderKind))
            .AddAttribute("Layer",
                          "Layer2: the customer runs BGP with the MSEEs; Layer3 (managed, IPVPN): "
                          "the provider's PE does ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-workflows).",
                          EnumClassValue(ProviderLayer::Layer2),
                          MakeEnumClassAccessor(&ConnectivityProvider::m_layer),
                          MakeEnumClassChecker<ProviderLayer>(ProviderLayerNames(), ParseProviderLayer))
            .AddAttribute("EquipmentDelay",
                          "One-way delay inside the provider network per circuit link, on top of "
                          "the distance-based propagation delay. Not published; a model choice.",
                          TimeValue(MicroSeconds(50)),
                          MakeTimeAccessor(&ConnectivityProvider::m_equipmentDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Asn",
                          "ASN of the provider's PE routers (Layer3 / IPVPN), used when the "
                          "peering does not give peerAsn. A private ASN; a model choice.",
                          UintegerValue(64512),
                          MakeUintegerAccessor(&ConnectivityProvider::m_asn),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

} // namespace expressroute
} // namespace ns3
