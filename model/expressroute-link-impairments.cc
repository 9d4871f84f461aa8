// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-random-streams.h"
#include "expressroute-link-impairments.h"

#include "expressroute-bfd.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-topology.h"

#include "ns3/error-model.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node-list.h"
#include "ns3/pointer.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteLinkImpairments");

/// Drops every packet while blocked, else each with probability lossRate.
class ImpairmentErrorModel : public ErrorModel
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::expressroute::ImpairmentErrorModel")
                                .SetParent<ErrorModel>()
                                .SetGroupName("ExpressRoute")
                                .AddConstructor<ImpairmentErrorModel>();
        return tid;
    }

    ImpairmentErrorModel()
        : m_uniform(CreateObject<UniformRandomVariable>())
    {
    }

    void Set(bool blocked, double lossRate)
    {
        m_blocked = blocked;
        m_lossRate = lossRate;
    }

    void SetStream(int64_t stream) { m_uniform->SetStream(stream); }

  private:
    bool DoCorrupt(Ptr<Packet>) override
    {
        if (m_blocked)
        {
            return true;
        }
        return m_lossRate > 0 && m_uniform->GetValue() < m_lossRate;
    }

    void DoReset() override {}

    bool m_blocked{false};
    double m_lossRate{0};
    Ptr<UniformRandomVariable> m_uniform;
};

NS_OBJECT_ENSURE_REGISTERED(ImpairmentErrorModel);
NS_OBJECT_ENSURE_REGISTERED(LinkImpairments);

TypeId
LinkImpairments::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::LinkImpairments")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddTraceSource("StateChanged",
                            "A link started (true) or stopped carrying packets: link index.",
                            MakeTraceSourceAccessor(&LinkImpairments::m_stateChanged),
                            "ns3::expressroute::LinkImpairments::StateCallback")
            .AddTraceSource("ImpairmentChanged",
                            "An impairment of a link started or ended: link index.",
                            MakeTraceSourceAccessor(&LinkImpairments::m_changed),
                            "ns3::expressroute::LinkImpairments::ChangedCallback");
    return tid;
}

LinkImpairments::LinkImpairments(Topology* topology)
    : m_topology(topology)
{
}

LinkImpairments::~LinkImpairments() = default;

void
LinkImpairments::DoDispose()
{
    m_links.clear();
    m_topology = nullptr;
    Object::DoDispose();
}

LinkImpairments::State&
LinkImpairments::Get(std::size_t link)
{
    auto [it, inserted] = m_links.try_emplace(link);
    State& s = it->second;
    if (inserted)
    {
        const auto& l = m_topology->GetLinks().at(link);
        s.baseDelay = l.delay;
        s.modelA = CreateObject<ImpairmentErrorModel>();
        s.modelB = CreateObject<ImpairmentErrorModel>();
        // Streams fixed by the link's index: the loss pattern depends on seed and run only.
        s.modelA->SetStream(RandomStream(StreamKind::LinkImpairment, 2 * uint64_t{link}));
        s.modelB->SetStream(RandomStream(StreamKind::LinkImpairment, 2 * uint64_t{link} + 1));
        l.devA->SetAttribute("ReceiveErrorModel", PointerValue(s.modelA));
        l.devB->SetAttribute("ReceiveErrorModel", PointerValue(s.modelB));
    }
    return s;
}

void
LinkImpairments::Apply(std::size_t link, State& s)
{
    (void)link;
    const double loss = s.degraded ? s.lossRate : 0.0;
    s.modelA->Set(s.silenced > 0, loss);
    s.modelB->Set(s.silenced > 0, loss);
}

void
LinkImpairments::Notify(std::size_t link, bool wasUp)
{
    const bool up = !IsSilenced(link) && !IsDown(link);
    if (up != wasUp)
    {
        m_stateChanged(static_cast<uint32_t>(link), up);
    }
    Changed(link);
}

void
LinkImpairments::Changed(std::size_t link)
{
    m_changed(static_cast<uint32_t>(link));
    const auto& l = m_topology->GetLinks().at(link);
    const bool delivering = !IsSilenced(link) && !IsDown(link);
    // BFD is single hop: only the sessions on this link. A lossy link keeps them sending real
    // packets, whose losses decide, until the degradation ends.
    for (const auto& [node, interface] : {std::pair{l.nodeA, l.ifA}, std::pair{l.nodeB, l.ifB}})
    {
        if (auto agent = m_topology->GetBfdAgent(node))
        {
            agent->Wake(interface, delivering, IsDegraded(link));
        }
    }
    WakeControlPlane();
}

void
LinkImpairments::WakeControlPlane()
{
    // BGP sessions may be multihop, their path unknown here: all of them, kept awake while any
    // link is lossy (TCP retransmissions then delay keepalives).
    bool anyDegraded = false;
    for (const auto& [index, state] : m_links)
    {
        anyDegraded = anyDegraded || state.degraded;
    }
    for (uint32_t node : m_topology->GetBgpNodes())
    {
        m_topology->GetBgpSpeaker(node)->Wake(anyDegraded);
    }
}

void
LinkImpairments::Silence(std::size_t link)
{
    const bool wasUp = !IsSilenced(link) && !IsDown(link);
    State& s = Get(link);
    ++s.silenced;
    Apply(link, s);
    Notify(link, wasUp);
}

void
LinkImpairments::Unsilence(std::size_t link)
{
    const bool wasUp = !IsSilenced(link) && !IsDown(link);
    State& s = Get(link);
    if (s.silenced > 0)
    {
        --s.silenced;
    }
    Apply(link, s);
    Notify(link, wasUp);
}

void
LinkImpairments::Down(std::size_t link)
{
    const bool wasUp = !IsSilenced(link) && !IsDown(link);
    State& s = Get(link);
    if (s.down++ == 0)
    {
        const auto& l = m_topology->GetLinks().at(link);
        NodeList::GetNode(l.nodeA)->GetObject<Ipv4>()->SetDown(l.ifA);
        NodeList::GetNode(l.nodeB)->GetObject<Ipv4>()->SetDown(l.ifB);
    }
    Notify(link, wasUp);
}

void
LinkImpairments::Up(std::size_t link)
{
    const bool wasUp = !IsSilenced(link) && !IsDown(link);
    State& s = Get(link);
    if (s.down > 0 && --s.down == 0)
    {
        const auto& l = m_topology->GetLinks().at(link);
        NodeList::GetNode(l.nodeA)->GetObject<Ipv4>()->SetUp(l.ifA);
        NodeList::GetNode(l.nodeB)->GetObject<Ipv4>()->SetUp(l.ifB);
    }
    Notify(link, wasUp);
}

void
LinkImpairments::Degrade(std::size_t link, double lossRate, Time addedDelay)
{
    State& s = Get(link);
    s.degraded = true;
    s.lossRate = lossRate;
    const auto& l = m_topology->GetLinks().at(link);
    l.devA->GetChannel()->SetAttribute("Delay", TimeValue(s.baseDelay + addedDelay));
    Apply(link, s);
    Changed(link);
}

void
LinkImpairments::ClearDegradation(std::size_t link)
{
    State& s = Get(link);
    s.degraded = false;
    s.lossRate = 0;
    const auto& l = m_topology->GetLinks().at(link);
    l.devA->GetChannel()->SetAttribute("Delay", TimeValue(s.baseDelay));
    Apply(link, s);
    Changed(link);
}

bool
LinkImpairments::IsSilenced(std::size_t link) const
{
    auto it = m_links.find(link);
    return it != m_links.end() && it->second.silenced > 0;
}

bool
LinkImpairments::IsDegraded(std::size_t link) const
{
    auto it = m_links.find(link);
    return it != m_links.end() && it->second.degraded;
}

bool
LinkImpairments::IsDown(std::size_t link) const
{
    auto it = m_links.find(link);
    return it != m_links.end() && it->second.down > 0;
}

} // namespace expressroute
} // namespace ns3
