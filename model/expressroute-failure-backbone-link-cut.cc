// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-backbone-link-cut.h"

#include "expressroute-topology.h"

#include "ns3/node.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(BackboneLinkCut);

TypeId
BackboneLinkCut::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::BackboneLinkCut")
            .SetParent<LinkSetFailure>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<BackboneLinkCut>();
    return tid;
}

std::string
BackboneLinkCut::DoBind()
{
    const auto sep = m_target.find("--");
    if (sep != std::string::npos)
    {
        const std::string a = m_target.substr(0, sep);
        const std::string b = m_target.substr(sep + 2);
        for (const auto& name : {"backbone/" + a + "--" + b, "backbone/" + b + "--" + a})
        {
            if (auto l = m_topology->FindLink(name))
            {
                m_mode = FailureMode::Signalled;
                return SetLinks({*l});
            }
        }
    }
    std::string some;
    int n = 0;
    for (const auto& l : m_topology->GetLinks())
    {
        if (l.kind == LinkKind::Backbone && n++ < 6)
        {
            some += (some.empty() ? "" : ", ") + l.name.substr(9);
        }
    }
    return "no backbone link '" + m_target + "' (links are '<region>--<region>', e.g. " + some +
           "; see data/backbone-links.csv)";
}

} // namespace expressroute
} // namespace ns3
