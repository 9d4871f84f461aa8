// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-provider-outage.h"

#include "expressroute-topology.h"
#include "expressroute-circuit.h"
#include "expressroute-connectivity-provider.h"

#include "ns3/node.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(ProviderOutage);

TypeId
ProviderOutage::GetTypeId()
{
    static TypeId tid = AddModeAttribute(TypeId("ns3::expressroute::ProviderOutage")
            .SetParent<LinkSetFailure>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<ProviderOutage>());
    return tid;
}

std::string
ProviderOutage::DoBind()
{
    if (!m_topology->GetProvider(m_target))
    {
        std::string known;
        for (const auto& [name, p] : m_topology->GetProviders())
        {
            known += (known.empty() ? "" : ", ") + name;
        }
        return "no provider '" + m_target + "' (providers: " + known + ")";
    }
    std::vector<std::size_t> links;
    const auto& all = m_topology->GetLinks();
    for (std::size_t i = 0; i < all.size(); ++i)
    {
        const auto& l = all[i];
        if ((l.kind == LinkKind::Circuit || l.kind == LinkKind::Access) && !l.circuit.empty() &&
            m_topology->GetCircuit(l.circuit)->GetProvider()->GetName() == m_target)
        {
            links.push_back(i);
        }
    }
    return SetLinks(links);
}

} // namespace expressroute
} // namespace ns3
