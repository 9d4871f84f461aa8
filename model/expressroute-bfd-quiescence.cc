// SPDX-License-Identifier: GPL-2.0-only
// BfdAgent, part 2: the quiescent control plane (doc/engines.md, "Quiescent control plane").
// Part 1, expressroute-bfd.cc: the protocol.
//
// A quiescent session sends nothing and runs no detection timer, but keeps the schedule of the
// packets it would have sent: the jitter of each is drawn from the agent's stream in the order
// the packets would have gone out, so that when the session wakes its next transmission is the
// one a packet engine would make, and its peer restarts its detection timer from the last of
// those packets it would have received (RFC 5880 §6.8.4: Detection Time after that packet).
#include "expressroute-bfd.h"

#include "ns3/channel.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBfdQuiescence");

void
BfdAgent::AdvanceVirtual(Time upTo)
{
    while (!m_virtual.empty() && m_virtual.top().first <= upTo.GetTimeStep())
    {
        const auto [at, index] = m_virtual.top();
        m_virtual.pop();
        auto& s = m_sessions[index];
        if (!s.quiescent || s.nextTx.GetTimeStep() != at)
        {
            continue; // woken since: its schedule went back to real events
        }
        s.prevTx = s.lastTx;
        s.lastTx = s.nextTx;
        ++m_skipped;
        const Time interval = GetTransmitInterval(index);
        s.nextTx = s.lastTx + Seconds(interval.GetSeconds() * DrawJitter(s));
        m_virtual.emplace(s.nextTx.GetTimeStep(), index);
    }
}

bool
BfdAgent::ResolvePeer(uint32_t index)
{
    auto& s = m_sessions[index];
    if (s.peerResolved)
    {
        return s.peerAgent != nullptr;
    }
    s.peerResolved = true;
    auto ipv4 = GetNode()->GetObject<Ipv4>();
    if (!ipv4 || s.interface < 0)
    {
        return false;
    }
    // Single hop (RFC 5881): the peer is on the other end of the session's link.
    auto channel = ipv4->GetNetDevice(static_cast<uint32_t>(s.interface))->GetChannel();
    for (std::size_t d = 0; channel && d < channel->GetNDevices(); ++d)
    {
        auto node = channel->GetDevice(d)->GetNode();
        if (node == GetNode())
        {
            continue;
        }
        for (uint32_t a = 0; a < node->GetNApplications(); ++a)
        {
            auto agent = DynamicCast<BfdAgent>(node->GetApplication(a));
            for (uint32_t j = 0; agent && j < agent->m_sessions.size(); ++j)
            {
                const auto& p = agent->m_sessions[j];
                if (p.local == s.peer && p.peer == s.local)
                {
                    s.peerAgent = agent;
                    s.peerIndex = j;
                    return true;
                }
            }
        }
    }
    return false;
}

BfdAgent::Session*
BfdAgent::Peer(const Session& s) const
{
    return s.peerAgent ? &s.peerAgent->m_sessions[s.peerIndex] : nullptr;
}

bool
BfdAgent::IsStable(const Session& s) const
{
    if (!m_quiescentEnabled || !m_running || s.quiescent || s.holdAwake || s.polling ||
        Simulator::Now() - s.lastChange < m_quiescentAfter)
    {
        return false;
    }
    // Up: the peer was heard since the last change, so the link delivers. Down: two packets
    // sent since, and the peer's first would have brought the session to Init: the link
    // delivers nothing.
    if (s.state == BfdState::Up)
    {
        return s.rxDelay && s.lastRx != Time::Min() && s.lastRx > s.lastChange;
    }
    return s.state == BfdState::Down && s.prevTx != Time::Min() && s.prevTx >= s.lastChange;
}

bool
BfdAgent::MayQuiesce(uint32_t index)
{
    const auto& s = m_sessions[index];
    if (!IsStable(s) || !ResolvePeer(index))
    {
        return false;
    }
    const Session* p = Peer(s);
    return p->state == s.state && s.peerAgent->IsStable(*p) && p->tx.IsRunning();
}

void
BfdAgent::EnterQuiescence(uint32_t index)
{
    auto& s = m_sessions[index];
    NS_LOG_INFO("bfd=" << s.name << " event=quiescent state=" << ToString(s.state));
    Freeze(index);
    s.peerAgent->Freeze(s.peerIndex);
}

void
BfdAgent::Freeze(uint32_t index)
{
    auto& s = m_sessions[index];
    s.quiescent = true;
    Simulator::Cancel(s.detect);
    if (s.tx.IsRunning())
    {
        // Its next transmission, already drawn, becomes the first virtual one.
        Simulator::Cancel(s.tx);
        m_virtual.emplace(s.nextTx.GetTimeStep(), index);
    }
}

void
BfdAgent::Wake(uint32_t interface, bool delivering, bool holdAwake)
{
    for (uint32_t i = 0; i < m_sessions.size(); ++i)
    {
        auto& s = m_sessions[i];
        if (s.interface != static_cast<int32_t>(interface))
        {
            continue;
        }
        s.holdAwake = holdAwake;
        s.lastChange = Simulator::Now();
        if (Session* p = Peer(s))
        {
            p->holdAwake = holdAwake;
            p->lastChange = Simulator::Now();
        }
        if (s.quiescent)
        {
            WakePair(i, delivering);
        }
    }
}

void
BfdAgent::WakePair(uint32_t index, bool delivering)
{
    auto& s = m_sessions[index];
    const Ptr<BfdAgent> peerAgent = s.peerAgent;
    const uint32_t peerIndex = s.peerIndex;
    NS_LOG_INFO("bfd=" << s.name << " event=wake delivering=" << delivering);
    // Both schedules up to now first: each side's reception depends on the other's sending.
    AdvanceVirtual(Simulator::Now());
    peerAgent->AdvanceVirtual(Simulator::Now());
    Resume(index, delivering);
    peerAgent->Resume(peerIndex, delivering);
}

void
BfdAgent::Resume(uint32_t index, bool delivering)
{
    auto& s = m_sessions[index];
    if (!s.quiescent)
    {
        return;
    }
    const Time now = Simulator::Now();
    const Session& p = *Peer(s);
    s.quiescent = false;
    s.lastChange = now;
    // The last packet from the peer that arrived by now; one still in flight arrives later if
    // the link delivers (the transmit interval is far longer than the link's delay).
    Time arrived = s.lastRx;
    if (s.rxDelay && p.lastTx != Time::Min())
    {
        const Time last = p.lastTx + *s.rxDelay;
        if (last <= now)
        {
            arrived = std::max(arrived, last);
        }
        else
        {
            if (delivering)
            {
                const BfdControlPacket packet = s.peerAgent->MakePacket(p);
                Simulator::Schedule(last - now, [this, index, packet]() {
                    if (m_running)
                    {
                        Receive(m_sessions[index], packet, false);
                    }
                });
            }
            if (p.prevTx != Time::Min())
            {
                arrived = std::max(arrived, p.prevTx + *s.rxDelay);
            }
        }
    }
    if ((s.state == BfdState::Init || s.state == BfdState::Up) && arrived != Time::Min())
    {
        const Time expiry = arrived + GetDetectionTime(index);
        s.detect = Simulator::Schedule(std::max(Time(0), expiry - now),
                                       &BfdAgent::DetectionTimeout,
                                       this,
                                       index);
    }
    s.tx = Simulator::Schedule(s.nextTx - now, &BfdAgent::Transmit, this, index);
}

} // namespace expressroute
} // namespace ns3
