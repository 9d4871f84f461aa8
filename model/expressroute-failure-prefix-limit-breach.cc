// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-prefix-limit-breach.h"

#include "expressroute-topology.h"
#include "expressroute-circuit.h"
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
                          "Standard limit of 4,000 on private peering, fact sheet §1; 10,001 "
                          "the Premium one).",
                          UintegerValue(4001),
                          MakeUintegerAccessor(&PrefixLimitBreach::m_prefixes),
                          MakeUintegerChecker<uint32_t>(1, 16384));
    return tid;
}

std::string
PrefixLimitBreach::DoBind()
{
    auto circuit = m_topology->GetCircuit(m_target);
    if (!circuit)
    {
        std::string known;
        for (const auto& [name, c] : m_topology->GetCircuits())
        {
            known += (known.empty() ? "" : ", ") + name;
        }
        return "no circuit '" + m_target + "' (circuits: " + known + ")";
    }
    m_speakers.clear();
    for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
    {
        auto edge = circuit->GetLink(role).edge;
        auto speaker = edge ? m_topology->GetBgpSpeaker(edge->GetId()) : nullptr;
        if (speaker && std::find(m_speakers.begin(), m_speakers.end(), speaker) == m_speakers.end())
        {
            m_speakers.push_back(speaker);
        }
    }
    if (m_speakers.empty())
    {
        return "circuit '" + m_target + "' has no BGP session (not provisioned?)";
    }
    m_detail = "prefixes=" + std::to_string(m_prefixes);
    return "";
}

void
PrefixLimitBreach::DoStart()
{
    for (uint32_t i = 0; i < m_prefixes; ++i)
    {
        for (const auto& s : m_speakers)
        {
            s->Originate(Prefix(i), {{}, {ToString(PeeringType::AzurePrivate)}});
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
