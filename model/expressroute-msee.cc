// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-msee.h"

#include "expressroute-limits.h"

#include "expressroute-enum-attribute.h"

#include "ns3/enum.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(Msee);

std::string
ToString(LinkRole role)
{
    return role == LinkRole::Primary ? "primary" : "secondary";
}

std::vector<std::string>
LinkRoleNames()
{
    return {"Primary", "Secondary"};
}

std::optional<LinkRole>
ParseLinkRole(const std::string& name)
{
    if (name == "Primary")
    {
        return LinkRole::Primary;
    }
    if (name == "Secondary")
    {
        return LinkRole::Secondary;
    }
    return std::nullopt;
}

TypeId
Msee::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::Msee")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<Msee>()
            .AddAttribute("PeeringLocation",
                          "Peering location of this router.",
                          StringValue(""),
                          MakeStringAccessor(&Msee::m_location),
                          MakeStringChecker())
            .AddAttribute("Role",
                          "Primary or Secondary router of the pair ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-faqs).",
                          EnumClassValue(LinkRole::Primary),
                          MakeEnumClassAccessor(&Msee::m_role),
                          MakeEnumClassChecker<LinkRole>(LinkRoleNames(), ParseLinkRole))
            .AddAttribute("Asn",
                          "Microsoft's ASN on every peering: 12076 ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-routing).",
                          UintegerValue(kMicrosoftAsn),
                          MakeUintegerAccessor(&Msee::m_asn),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HoldTime",
                          "BGP hold time the MSEE proposes: 180 s, fixed on Microsoft's side "
                          "(https://learn.microsoft.com/azure/expressroute/expressroute-faqs).",
                          TimeValue(Seconds(180)),
                          MakeTimeAccessor(&Msee::m_holdTime),
                          MakeTimeChecker(Seconds(3)))
            .AddAttribute("KeepaliveTime",
                          "BGP keepalive interval of the MSEE: 60 s ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-faqs).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&Msee::m_keepaliveTime),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("IdleHoldTime",
                          "Wait after tearing a session down for exceeding its prefix limit "
                          "before accepting it again. Not published; a model choice.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&Msee::m_idleHoldTime),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

std::string
Msee::GetName() const
{
    return "msee/" + m_location + "/" + ToString(m_role);
}

void
Msee::DoDispose()
{
    m_node = nullptr;
    Object::DoDispose();
}

} // namespace expressroute
} // namespace ns3
