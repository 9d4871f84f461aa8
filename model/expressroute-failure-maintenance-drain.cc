// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-maintenance-drain.h"

#include "expressroute-topology.h"
#include "expressroute-circuit.h"
#include "expressroute-msee.h"

#include "ns3/node.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(MaintenanceDrain);

TypeId
MaintenanceDrain::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::MaintenanceDrain")
                            .SetParent<Failure>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<MaintenanceDrain>()
            .AddAttribute("Prepend",
                          "Extra copies of AS 12076 the MSEE prepends while draining (fact "
                          "sheet §8: a longer AS-path prepend on the link under maintenance): "
                          "on the routes it sends the customer over that link, and on the "
                          "customer's routes from that link as it passes them to the gateways, "
                          "so that both directions leave the link (the facts warn of asymmetric "
                          "routing otherwise).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MaintenanceDrain::m_prepend),
                          MakeUintegerChecker<uint32_t>(1, 16));
    return tid;
}

std::string
MaintenanceDrain::DoBind()
{
    std::string error;
    if (!FindCircuitLink(m_target, error))
    {
        return error;
    }
    const auto slash = m_target.rfind('/');
    auto circuit = m_topology->GetCircuit(m_target.substr(0, slash));
    auto msee = circuit->GetLink(*ParseTargetRole(m_target.substr(slash + 1))).msee;
    m_speaker = m_topology->GetBgpSpeaker(msee->GetNode()->GetId());
    m_saved.clear();
    for (const char* peering : {"AzurePrivate", "Microsoft"})
    {
        if (auto peer = m_speaker ? m_speaker->FindPeer(m_target + "/" + peering) : std::nullopt)
        {
            m_saved.emplace_back(*peer, BgpPeerPolicy{});
        }
    }
    if (m_saved.empty())
    {
        return "circuit link '" + m_target +
               "' has no BGP session to drain (circuit not provisioned?)";
    }
    m_detail =
        "prepend=" + std::to_string(m_prepend) + " sessions=" + std::to_string(m_saved.size());
    return "";
}

void
MaintenanceDrain::DoStart()
{
    for (auto& [peer, saved] : m_saved)
    {
        saved = m_speaker->GetPolicy(peer);
        BgpPeerPolicy drained = saved;
        drained.prepend += m_prepend;       // towards the customer
        drained.importPrepend += m_prepend; // and, with the customer's routes, towards Azure
        m_speaker->SetPolicy(peer, drained);
    }
}

void
MaintenanceDrain::DoClear()
{
    for (const auto& [peer, saved] : m_saved)
    {
        m_speaker->SetPolicy(peer, saved);
    }
}

} // namespace expressroute
} // namespace ns3
