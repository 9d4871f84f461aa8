// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-provisioning-events.h"

#include "expressroute-circuit.h"
#include "expressroute-enum-attribute.h"
#include "expressroute-link-impairments.h"
#include "expressroute-msee.h"
#include "expressroute-peering.h"
#include "expressroute-topology.h"

#include "ns3/node.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(CircuitProvisioning);
NS_OBJECT_ENSURE_REGISTERED(PeeringConfiguration);

std::vector<std::pair<Ptr<BgpSpeaker>, uint32_t>>
PeeringSessions(Ptr<Topology> topology, Ptr<Circuit> circuit, PeeringType type)
{
    std::vector<std::pair<Ptr<BgpSpeaker>, uint32_t>> out;
    for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
    {
        const auto& link = circuit->GetLink(role);
        const std::string name = circuit->GetName() + "/" + ToString(role) + "/" + ToString(type);
        for (const auto& node : {link.msee ? link.msee->GetNode() : nullptr, link.edge})
        {
            auto speaker = node ? topology->GetBgpSpeaker(node->GetId()) : nullptr;
            if (auto peer = speaker ? speaker->FindPeer(name) : std::nullopt)
            {
                out.emplace_back(speaker, *peer);
            }
        }
    }
    return out;
}

TypeId
CircuitProvisioning::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::CircuitProvisioning")
            .SetParent<Failure>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<CircuitProvisioning>()
            .AddAttribute("State",
                          "The provider's provisioning state the circuit moves to ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-workflows): NotProvisioned, Provisioning or Provisioned.",
                          EnumClassValue(ProvisioningState::Provisioned),
                          MakeEnumClassAccessor(&CircuitProvisioning::m_state),
                          MakeEnumClassChecker<ProvisioningState>(ProvisioningStateNames(),
                                                                  ParseProvisioningState));
    return tid;
}

void
CircuitProvisioning::DoDispose()
{
    m_circuit = nullptr;
    Failure::DoDispose();
}

std::string
CircuitProvisioning::DoBind()
{
    m_circuit = m_topology->GetCircuit(m_target);
    if (!m_circuit)
    {
        return "no circuit '" + m_target + "'";
    }
    m_detail = "state=" + ToString(m_state);
    return "";
}

void
CircuitProvisioning::DoStart()
{
    const bool was = m_circuit->GetProvisioningState() == ProvisioningState::Provisioned;
    const bool now = m_state == ProvisioningState::Provisioned;
    m_circuit->SetProvisioningState(m_state);
    if (was == now)
    {
        return;
    }
    auto impairments = m_topology->GetImpairments();
    for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
    {
        const std::size_t link =
            *m_topology->FindLink("circuit/" + m_circuit->GetName() + "/" + ToString(role));
        if (now)
        {
            impairments->Up(link);
        }
        else
        {
            impairments->Down(link);
        }
    }
    for (const auto& peering : m_circuit->GetPeerings())
    {
        for (const auto& [speaker, peer] : PeeringSessions(m_topology, m_circuit, peering->GetType()))
        {
            if (now && peering->IsConfigured())
            {
                speaker->EnablePeer(peer);
            }
            else if (!now)
            {
                speaker->DisablePeer(peer);
            }
        }
    }
}

TypeId
PeeringConfiguration::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::PeeringConfiguration")
                            .SetParent<Failure>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<PeeringConfiguration>();
    return tid;
}

void
PeeringConfiguration::DoDispose()
{
    m_circuit = nullptr;
    Failure::DoDispose();
}

std::string
PeeringConfiguration::DoBind()
{
    const auto slash = m_target.rfind('/');
    m_circuit = slash == std::string::npos ? nullptr : m_topology->GetCircuit(m_target.substr(0, slash));
    auto type = m_circuit ? ParsePeeringType(m_target.substr(slash + 1)) : std::nullopt;
    if (!type || !m_circuit->GetPeering(*type))
    {
        return "no peering '" + m_target + "' (give <circuit>/<AzurePrivate|Microsoft>)";
    }
    m_type = *type;
    m_detail = "configured";
    return "";
}

void
PeeringConfiguration::DoStart()
{
    auto peering = m_circuit->GetPeering(m_type);
    peering->SetConfigured(true);
    if (m_circuit->GetProvisioningState() != ProvisioningState::Provisioned)
    {
        m_detail = "configured; waits for the circuit to be provisioned";
        return;
    }
    for (const auto& [speaker, peer] : PeeringSessions(m_topology, m_circuit, m_type))
    {
        speaker->EnablePeer(peer);
    }
}

} // namespace expressroute
} // namespace ns3
