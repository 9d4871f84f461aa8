// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-ce-failure.h"

#include "expressroute-customer-site.h"
#include "expressroute-topology.h"

#include "ns3/node.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(CeFailure);

TypeId
CeFailure::GetTypeId()
{
    static TypeId tid = AddModeAttribute(TypeId("ns3::expressroute::CeFailure")
                                             .SetParent<LinkSetFailure>()
                                             .SetGroupName("ExpressRoute")
                                             .AddConstructor<CeFailure>());
    return tid;
}

std::string
CeFailure::DoBind()
{
    const auto slash = m_target.find('/');
    auto site = slash == std::string::npos ? nullptr : m_topology->GetSite(m_target.substr(0, slash));
    if (!site)
    {
        std::string known;
        for (const auto& [name, s] : m_topology->GetSites())
        {
            known += (known.empty() ? "" : ", ") + name;
        }
        return "no site in '" + m_target + "' (expected <site>/ce<N>; sites: " + known + ")";
    }
    const std::string ce = m_target.substr(slash + 1);
    const auto& routers = site->GetCeRouters();
    for (std::size_t i = 0; i < routers.size(); ++i)
    {
        if (ce == "ce" + std::to_string(i + 1))
        {
            return SetLinks(LinksOf(routers[i]->GetId()));
        }
    }
    return "site '" + site->GetName() + "' has " + std::to_string(routers.size()) +
           " CE router(s): no '" + ce + "' (ce1" + (routers.size() > 1 ? "..ce" + std::to_string(routers.size()) : std::string()) + ")";
}

} // namespace expressroute
} // namespace ns3
