// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-peering.h"

#include "ns3/boolean.h"
#include "ns3/nstime.h"
#include "expressroute-enum-attribute.h"

#include "ns3/enum.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(Peering);

TypeId
Peering::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::Peering")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<Peering>()
            .AddAttribute("Type",
                          "AzurePrivate or Microsoft ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-circuit-peerings).",
                          EnumClassValue(PeeringType::AzurePrivate),
                          MakeEnumClassAccessor(&Peering::m_type),
                          MakeEnumClassChecker<PeeringType>(PeeringTypeNames(), ParsePeeringType))
            .AddAttribute("Vlan",
                          "VLAN ID of the peering, 1..4094 ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-workflows).",
                          UintegerValue(100),
                          MakeUintegerAccessor(&Peering::m_vlan),
                          MakeUintegerChecker<uint16_t>(1, 4094))
            .AddAttribute("PeerAsn",
                          "ASN of the customer or provider router on this peering.",
                          UintegerValue(65000),
                          MakeUintegerAccessor(&Peering::m_peerAsn),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Bfd",
                          "BFD on this peering, private or Microsoft: the MSEE interfaces of "
                          "newly created private and Microsoft peerings have BFD configured by "
                          "default, and the customer enables it on the CE (references.md §3; "
                          "https://learn.microsoft.com/azure/expressroute/expressroute-bfd).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&Peering::m_bfd),
                          MakeBooleanChecker())
            .AddAttribute("HoldTime",
                          "Hold time the customer or provider router proposes; the session uses "
                          "the lower of this and the MSEE's 180 s. Floor 10 s (references.md §3, "
                          "https://learn.microsoft.com/azure/expressroute/expressroute-bfd).",
                          TimeValue(Seconds(180)),
                          MakeTimeAccessor(&Peering::m_holdTime),
                          MakeTimeChecker(Seconds(10)))
            .AddAttribute("KeepaliveTime",
                          "Keepalive interval the customer or provider router uses; at most a "
                          "third of the negotiated hold time. Floor 3 s ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-bfd).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&Peering::m_keepaliveTime),
                          MakeTimeChecker(Seconds(3)))
            .AddAttribute("ConnectRetryTime",
                          "Wait of the customer or provider router between connection attempts "
                          "(RFC 4271 §10 suggests 120 s; routers commonly use less).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&Peering::m_connectRetry),
                          MakeTimeChecker(Seconds(1)));
    return tid;
}

void
Peering::SetSubnets(const Ipv4Prefix& primary, const Ipv4Prefix& secondary)
{
    NS_ASSERT_MSG(primary.length == 30 && secondary.length == 30, "peering links use /30s");
    m_primary = primary;
    m_secondary = secondary;
}

const Ipv4Prefix&
Peering::GetSubnet(LinkRole role) const
{
    return role == LinkRole::Primary ? m_primary : m_secondary;
}

uint32_t
Peering::GetCustomerAddress(LinkRole role) const
{
    return GetSubnet(role).At(1);
}

uint32_t
Peering::GetMseeAddress(LinkRole role) const
{
    return GetSubnet(role).At(2);
}

} // namespace expressroute
} // namespace ns3
