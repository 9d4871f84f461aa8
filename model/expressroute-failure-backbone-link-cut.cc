// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-backbone-link-cut.h"

#include "expressroute-topology.h"

#include "ns3/node.h"

#include <algorithm>

#include <vector>

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
    // Suggest the links that touch the regions named: the cut the user most likely meant.
    std::vector<std::string> ends;
    if (sep != std::string::npos)
    {
        ends = {m_target.substr(0, sep), m_target.substr(sep + 2)};
    }
    std::string near;
    std::string some;
    int n = 0;
    for (const auto& l : m_topology->GetLinks())
    {
        if (l.kind != LinkKind::Backbone)
        {
            continue;
        }
        const std::string name = l.name.substr(9); // after "backbone/"
        const auto mid = name.find("--");
        for (const auto& e : ends)
        {
            if (name.substr(0, mid) == e || name.substr(mid + 2) == e)
            {
                near += (near.empty() ? "" : ", ") + name;
                break;
            }
        }
        if (n++ < 6)
        {
            some += (some.empty() ? "" : ", ") + name;
        }
    }
    if (!near.empty())
    {
        return "no backbone link '" + m_target + "'; links of " + ends[0] + " and " + ends[1] +
               ": " + near + " (data/backbone-links.csv)";
    }
    return "no backbone link '" + m_target + "' (links are '<region>--<region>', e.g. " + some +
           "; see data/backbone-links.csv)";
}

} // namespace expressroute
} // namespace ns3
