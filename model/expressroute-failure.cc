// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure.h"

#include "expressroute-enum-attribute.h"
#include "expressroute-link-impairments.h"
#include "expressroute-topology.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteFailure");
NS_OBJECT_ENSURE_REGISTERED(Failure);

std::string
Describe(FailureTargetKind kind)
{
    switch (kind)
    {
    case FailureTargetKind::CircuitLink:
        return "a circuit link (<circuit>/<primary|secondary>) or a site link (wan/<name>)";
    case FailureTargetKind::Circuit:
        return "a circuit (<circuit>)";
    case FailureTargetKind::Msee:
        return "an MSEE (<peering location>/<primary|secondary>)";
    case FailureTargetKind::PeeringLocation:
        return "a peering location with circuits (<peering location>)";
    case FailureTargetKind::Provider:
        return "a connectivity provider (<provider>)";
    case FailureTargetKind::BackboneLink:
        return "a backbone link (<region>--<region>)";
    case FailureTargetKind::Region:
        return "an Azure region with VNets (<region>)";
    case FailureTargetKind::Link:
        return "a link (<circuit>/<primary|secondary>, or a link name such as "
               "backbone/<region>--<region> or wan/<site link>)";
    case FailureTargetKind::BgpSession:
        return "a BGP session (<circuit>/<primary|secondary>/<AzurePrivate|Microsoft>)";
    case FailureTargetKind::Vnet:
        return "a VNet (<VNet>), for its ExpressRoute gateway";
    case FailureTargetKind::Peering:
        return "a peering (<circuit>/<AzurePrivate|Microsoft>)";
    case FailureTargetKind::PrivatePeeringOrSite:
        return "a circuit with private peering (<circuit>) or a site (<site>)";
    case FailureTargetKind::CeRouter:
        return "a site's CE router (<site>/ce<N>)";
    }
    return "?";
}

std::optional<LinkRole>
ParseTargetRole(const std::string& s)
{
    if (s == "primary")
    {
        return LinkRole::Primary;
    }
    if (s == "secondary")
    {
        return LinkRole::Secondary;
    }
    return std::nullopt;
}

std::string
ToString(FailureMode mode)
{
    return mode == FailureMode::Silent ? "Silent" : "Signalled";
}

std::optional<FailureMode>
ParseFailureMode(const std::string& s)
{
    if (s == "Silent")
    {
        return FailureMode::Silent;
    }
    if (s == "Signalled")
    {
        return FailureMode::Signalled;
    }
    return std::nullopt;
}

std::vector<std::string>
FailureModeNames()
{
    return {"Silent", "Signalled"};
}

TypeId
Failure::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::Failure")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddTraceSource("FailureStarted",
                            "The failure took effect: kind, target, detail.",
                            MakeTraceSourceAccessor(&Failure::m_started),
                            "ns3::expressroute::Failure::FailureCallback")
            .AddTraceSource("FailureCleared",
                            "The failure was cleared: kind, target, detail.",
                            MakeTraceSourceAccessor(&Failure::m_cleared),
                            "ns3::expressroute::Failure::FailureCallback");
    return tid;
}

Failure::Failure() = default;
Failure::~Failure() = default;

void
Failure::DoDispose()
{
    m_topology = nullptr;
    Object::DoDispose();
}

std::string
Failure::GetKind() const
{
    const std::string name = GetInstanceTypeId().GetName();
    const std::string prefix = "ns3::expressroute::";
    return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

std::string
Failure::Bind(Ptr<Topology> topology, const std::string& target)
{
    m_topology = topology;
    m_target = target;
    return DoBind();
}

void
Failure::Schedule(Time start, std::optional<Time> duration)
{
    Simulator::Schedule(start, &Failure::Start, this);
    if (duration)
    {
        Simulator::Schedule(start + *duration, &Failure::Clear, this);
    }
}

void
Failure::Start()
{
    NS_LOG_INFO("failure=" << GetKind() << " target=" << m_target << " started");
    m_active = true;
    DoStart();
    // A failure that acts on no link (a policy, a NOTIFICATION, prefixes) may still change
    // what BGP sessions carry: a quiescent control plane wakes up (doc/engines.md).
    m_topology->GetImpairments()->WakeControlPlane();
    m_started(GetKind(), m_target, m_detail);
}

void
Failure::Clear()
{
    if (!m_active)
    {
        return;
    }
    NS_LOG_INFO("failure=" << GetKind() << " target=" << m_target << " cleared");
    m_active = false;
    DoClear();
    m_topology->GetImpairments()->WakeControlPlane();
    m_cleared(GetKind(), m_target, m_detail);
}

std::optional<std::size_t>
Failure::FindCircuitLink(const std::string& target, std::string& error) const
{
    if (auto i = m_topology->FindLink("circuit/" + target))
    {
        return *i;
    }
    std::string known;
    for (const auto& l : m_topology->GetLinks())
    {
        if (l.kind == LinkKind::Circuit)
        {
            known += (known.empty() ? "" : ", ") + l.name.substr(8);
        }
    }
    error = "no circuit link '" + target + "' (circuit links: " + known + ")";
    return std::nullopt;
}

std::vector<std::size_t>
Failure::LinksOf(uint32_t node) const
{
    std::vector<std::size_t> out;
    const auto& links = m_topology->GetLinks();
    for (std::size_t i = 0; i < links.size(); ++i)
    {
        if (links[i].nodeA == node || links[i].nodeB == node)
        {
            out.push_back(i);
        }
    }
    return out;
}

void
Failure::Cut(const std::vector<std::size_t>& links, FailureMode mode)
{
    auto impairments = m_topology->GetImpairments();
    for (std::size_t l : links)
    {
        if (mode == FailureMode::Silent)
        {
            impairments->Silence(l);
        }
        else
        {
            impairments->Down(l);
        }
    }
}

void
Failure::Restore(const std::vector<std::size_t>& links, FailureMode mode)
{
    auto impairments = m_topology->GetImpairments();
    for (std::size_t l : links)
    {
        if (mode == FailureMode::Silent)
        {
            impairments->Unsilence(l);
        }
        else
        {
            impairments->Up(l);
        }
    }
}

NS_OBJECT_ENSURE_REGISTERED(LinkSetFailure);

TypeId
LinkSetFailure::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::LinkSetFailure").SetParent<Failure>().SetGroupName("ExpressRoute");
    return tid;
}

TypeId
LinkSetFailure::AddModeAttribute(TypeId tid)
{
    return tid.AddAttribute(
        "Mode",
        "Silent: the links stop delivering and their interfaces stay up, so only BFD or the BGP "
        "hold timer finds out ("
        "https://learn.microsoft.com/azure/expressroute/"
        "expressroute-routing); Signalled: the interfaces go down and the "
        "routers react at once.",
        EnumClassValue(FailureMode::Silent),
        MakeEnumClassAccessor(&LinkSetFailure::m_mode),
        MakeEnumClassChecker<FailureMode>(FailureModeNames(), ParseFailureMode));
}

std::string
LinkSetFailure::SetLinks(std::vector<std::size_t> links, const std::string& error)
{
    if (!error.empty())
    {
        return error;
    }
    m_links.clear();
    m_signalledLinks.clear();
    for (std::size_t l : links)
    {
        (m_topology->GetLinks()[l].kind == LinkKind::Attachment ? m_signalledLinks : m_links)
            .push_back(l);
    }
    m_detail = "links=" + std::to_string(links.size()) + " mode=" + ToString(m_mode);
    return "";
}

bool
LinkSetFailure::GetReach(std::vector<std::size_t>& links, std::vector<uint32_t>& nodes) const
{
    links.insert(links.end(), m_links.begin(), m_links.end());
    links.insert(links.end(), m_signalledLinks.begin(), m_signalledLinks.end());
    return true;
}

void
LinkSetFailure::DoStart()
{
    Cut(m_links, m_mode);
    Cut(m_signalledLinks, FailureMode::Signalled);
}

void
LinkSetFailure::DoClear()
{
    Restore(m_links, m_mode);
    Restore(m_signalledLinks, FailureMode::Signalled);
}

} // namespace expressroute
} // namespace ns3
