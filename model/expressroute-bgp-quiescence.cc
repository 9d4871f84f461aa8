// SPDX-License-Identifier: GPL-2.0-only
// BgpSession, part 2: the quiescent control plane (doc/engines.md, "Quiescent control plane").
// Part 1, expressroute-bgp-session.cc: the state machine.
//
// Keepalives go at fixed intervals from the OPEN (RFC 4271 §10, no jitter here), so a
// quiescent session keeps only the time of its next one; on a wake it counts those it would
// have sent, and the peer restarts its hold timer from the last of them it would have
// received (§6.5: HoldTime after the last KEEPALIVE or UPDATE).
#include "expressroute-bgp-session.h"
#include "expressroute-bgp-speaker.h"

#include "ns3/channel.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBgpQuiescence");

Ptr<BgpSession>
BgpSession::FindPeerSession()
{
    if (m_peerResolved)
    {
        return m_peerSession;
    }
    m_peerResolved = true;
    auto sessionOn = [this](Ptr<Node> node) -> Ptr<BgpSession> {
        auto ipv4 = node->GetObject<Ipv4>();
        if (node == m_node || !ipv4 || ipv4->GetInterfaceForAddress(m_config.peerAddress) < 0)
        {
            return nullptr;
        }
        for (uint32_t a = 0; a < node->GetNApplications(); ++a)
        {
            auto speaker = DynamicCast<BgpSpeaker>(node->GetApplication(a));
            for (uint32_t i = 0; speaker && i < speaker->GetPeerCount(); ++i)
            {
                auto session = speaker->GetSession(i);
                const auto& c = session->GetConfig();
                if (c.localAddress == m_config.peerAddress && c.peerAddress == m_config.localAddress)
                {
                    return session;
                }
            }
        }
        return nullptr;
    };
    // The node that owns the peer address, then its speaker's session back to us: first on the
    // other end of our link, then anywhere (multihop: MSEE to gateway over the backbone).
    auto ipv4 = m_node->GetObject<Ipv4>();
    const int32_t interface = ipv4 ? ipv4->GetInterfaceForAddress(m_config.localAddress) : -1;
    auto channel = interface >= 0
                       ? ipv4->GetNetDevice(static_cast<uint32_t>(interface))->GetChannel()
                       : nullptr;
    for (std::size_t d = 0; channel && d < channel->GetNDevices() && !m_peerSession; ++d)
    {
        m_peerSession = sessionOn(channel->GetDevice(d)->GetNode());
    }
    for (auto it = NodeList::Begin(); it != NodeList::End() && !m_peerSession; ++it)
    {
        m_peerSession = sessionOn(*it);
    }
    return m_peerSession;
}

bool
BgpSession::IsStable() const
{
    return m_quiescentEnabled && m_state == BgpState::Established && !m_quiescent &&
           !m_holdAwake && m_keepaliveDelay && m_holdTime.IsStrictlyPositive() &&
           m_keepaliveTime.IsStrictlyPositive() && m_keepalive.IsRunning() &&
           Simulator::Now() - m_stableSince >= m_quiescentAfter;
}

void
BgpSession::ScheduleQuiescenceCheck(Time delay)
{
    if (!m_quiescentEnabled)
    {
        return;
    }
    Simulator::Cancel(m_quiescenceCheck);
    m_quiescenceCheck = Simulator::Schedule(delay, &BgpSession::CheckQuiescence, this);
}

void
BgpSession::CheckQuiescence()
{
    auto peer = FindPeerSession();
    if (!IsStable() || !peer)
    {
        return; // the next Established or wake checks again
    }
    // Each end heard the other's latest KEEPALIVE, sent since the last wake: the path
    // delivers. Otherwise wait for the next one.
    auto heard = [](const BgpSession& a, const BgpSession& b) {
        return b.m_lastKeepalive != Time::Min() && b.m_lastKeepalive >= a.m_lastWake &&
               a.m_lastRx != Time::Min() && a.m_lastRx >= b.m_lastKeepalive;
    };
    if (peer->IsStable() && (!heard(*this, *peer) || !heard(*peer, *this)))
    {
        // A KEEPALIVE just sent is checked once it should have arrived, others on the next.
        Time retry = m_keepaliveTime;
        for (const auto& [to, from] : {std::pair{this, PeekPointer(peer)}, std::pair{PeekPointer(peer), this}})
        {
            const Time due = from->m_lastKeepalive + *to->m_keepaliveDelay + MicroSeconds(1);
            if (from->m_lastKeepalive != Time::Min() && due > Simulator::Now())
            {
                retry = std::min(retry, due - Simulator::Now());
            }
        }
        ScheduleQuiescenceCheck(retry);
        return;
    }
    if (peer->IsStable())
    {
        NS_LOG_INFO("session=" << m_config.name << " event=quiescent");
        Freeze();
        peer->Freeze();
        return;
    }
    if (peer->m_quiescentEnabled && peer->m_state == BgpState::Established && !peer->m_quiescent &&
        !peer->m_holdAwake)
    {
        // The peer is not settled yet: try again when it should be.
        const Time ready = peer->m_stableSince + peer->m_quiescentAfter;
        ScheduleQuiescenceCheck(ready > Simulator::Now() ? ready - Simulator::Now()
                                                         : m_keepaliveTime);
    }
}

void
BgpSession::Freeze()
{
    m_quiescent = true;
    m_nextKeepalive = TimeStep(m_keepalive.GetTs());
    Simulator::Cancel(m_keepalive);
    Simulator::Cancel(m_hold);
}

void
BgpSession::Wake(bool holdAwake)
{
    m_holdAwake = holdAwake;
    m_stableSince = Simulator::Now();
    m_lastWake = Simulator::Now();
    if (m_quiescent)
    {
        WakePair();
    }
    if (m_state == BgpState::Established)
    {
        ScheduleQuiescenceCheck(m_quiescentAfter);
    }
}

void
BgpSession::WakePair()
{
    const Ptr<BgpSession> peer = m_peerSession;
    NS_LOG_INFO("session=" << m_config.name << " event=wake");
    AdvanceKeepalives(Simulator::Now());
    peer->AdvanceKeepalives(Simulator::Now());
    Resume(*peer);
    peer->Resume(*this);
}

void
BgpSession::AdvanceKeepalives(Time upTo)
{
    if (!m_quiescent || m_nextKeepalive > upTo)
    {
        return;
    }
    const int64_t period = m_keepaliveTime.GetTimeStep();
    const int64_t n = (upTo - m_nextKeepalive).GetTimeStep() / period + 1;
    m_prevKeepalive = n >= 2 ? m_nextKeepalive + TimeStep((n - 2) * period) : m_lastKeepalive;
    m_lastKeepalive = m_nextKeepalive + TimeStep((n - 1) * period);
    m_nextKeepalive = m_nextKeepalive + TimeStep(n * period);
    m_keepalivesSkipped += static_cast<uint64_t>(n);
}

void
BgpSession::Resume(const BgpSession& peer)
{
    if (!m_quiescent)
    {
        return;
    }
    const Time now = Simulator::Now();
    m_quiescent = false;
    m_stableSince = now;
    // The last KEEPALIVE of the peer delivered by now; one still in flight is counted lost
    // (a silent failure would lose it; otherwise the next one restarts the timer anyway).
    Time arrived = m_lastRx;
    if (m_keepaliveDelay)
    {
        for (const Time& sent : {peer.m_lastKeepalive, peer.m_prevKeepalive})
        {
            if (sent != Time::Min() && sent + *m_keepaliveDelay <= now)
            {
                arrived = std::max(arrived, sent + *m_keepaliveDelay);
                break;
            }
        }
    }
    Simulator::Cancel(m_hold);
    if (arrived != Time::Min())
    {
        m_hold = Simulator::Schedule(std::max(Time(0), arrived + m_holdTime - now),
                                     &BgpSession::HoldTimerExpired,
                                     this);
    }
    else
    {
        RestartHoldTimer();
    }
    m_keepalive =
        Simulator::Schedule(m_nextKeepalive - now, &BgpSession::KeepaliveTimerExpired, this);
    ScheduleQuiescenceCheck(m_quiescentAfter);
}

} // namespace expressroute
} // namespace ns3
