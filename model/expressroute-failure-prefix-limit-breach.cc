// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-prefix-limit-breach.h"

#include "expressroute-topology.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-circuit.h"
#include "expressroute-customer-site.h"
#include "expressroute-limits.h"

#include "ns3/node.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(PrefixLimitBreach);

TypeId
PrefixLimitBreach::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::PrefixLimitBreach")
                            .SetParent<Failure>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<PrefixLimitBreach>()
            .AddAttribute("Prefixes",
                          "Number of extra prefixes advertised (4,001 exceeds the Local and "
                          "Standard limit of 4,000 on private peering, "
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-faqs; 10,001 "
                          "the Premium one).",
                          UintegerValue(4001),
                          MakeUintegerAccessor(&PrefixLimitBreach::m_prefixes),
                          MakeUintegerChecker<uint32_t>(1, 16384));
    return tid;
}

bool
PrefixLimitBreach::GetReach(std::vector<std::size_t>& links, std::vector<uint32_t>& nodes) const
{
    if (m_topology && m_topology->GetCircuit(m_target))
    {
        // Only the circuit's own sessions: its two links.
        for (const char* role : {"primary", "secondary"})
        {
            if (auto l = m_topology->FindLink("circuit/" + m_target + "/" + role))
            {
                links.push_back(*l);
            }
        }
        return true;
    }
    for (const auto& speaker : m_speakers)
    {
        nodes.push_back(speaker->GetNode()->GetId());
    }
    return true;
}

std::string
PrefixLimitBreach::DoBind()
{
    m_speakers.clear();
    m_domains.clear();
    auto add = [this](Ptr<Node> router) {
        auto speaker = router ? m_topology->GetBgpSpeaker(router->GetId()) : nullptr;
        if (speaker && std::find(m_speakers.begin(), m_speakers.end(), speaker) == m_speakers.end())
        {
            m_speakers.push_back(speaker);
        }
    };
    std::string scope;
    if (auto circuit = m_topology->GetCircuit(m_target))
    {
        if (!circuit->GetPeering(PeeringType::AzurePrivate))
        {
            return "circuit '" + m_target + "' has no AzurePrivate peering";
        }
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            add(circuit->GetLink(role).edge);
        }
        m_domains = {m_target + "/" + ToString(PeeringType::AzurePrivate)};
        scope = "circuit";
    }
    else if (auto site = m_topology->GetSite(m_target))
    {
        for (const auto& ce : site->GetCeRouters())
        {
            add(ce);
        }
        scope = "site";
    }
    else
    {
        std::string known;
        for (const auto& [name, c] : m_topology->GetCircuits())
        {
            known += (known.empty() ? "" : ", ") + name;
        }
        for (const auto& [name, s] : m_topology->GetSites())
        {
            known += (known.empty() ? "" : ", ") + name;
        }
        return "no circuit or site '" + m_target + "' (" + known + ")";
    }
    if (m_speakers.empty())
    {
        return "'" + m_target + "' has no BGP session (not provisioned?)";
    }
    m_detail = "prefixes=" + std::to_string(m_prefixes) + " scope=" + scope;
    return "";
}

void
PrefixLimitBreach::DoStart()
{
    for (uint32_t i = 0; i < m_prefixes; ++i)
    {
        for (const auto& s : m_speakers)
        {
            s->Originate(Prefix(i), {{}, m_domains});
        }
    }
}

void
PrefixLimitBreach::DoClear()
{
    for (uint32_t i = 0; i < m_prefixes; ++i)
    {
        for (const auto& s : m_speakers)
        {
            s->StopOriginating(Prefix(i));
        }
    }
}

} // namespace expressroute
} // namespace ns3
