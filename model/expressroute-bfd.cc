// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-bfd.h"

#include "ns3/boolean.h"
#include "ns3/channel.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBfd");
NS_OBJECT_ENSURE_REGISTERED(BfdAgent);

namespace
{
constexpr uint16_t kBfdPort = 3784;    // RFC 5881 §4
constexpr std::size_t kPacketSize = 24; // RFC 5880 §4.1, no authentication
/// RFC 5880 §6.8.3: while not Up, the transmit interval is at least one second.
const Time kSlowTx = Seconds(1);
} // namespace

std::string
ToString(BfdState state)
{
    switch (state)
    {
    case BfdState::AdminDown:
        return "AdminDown";
    case BfdState::Down:
        return "Down";
    case BfdState::Init:
        return "Init";
    case BfdState::Up:
        return "Up";
    }
    return "?";
}

std::vector<uint8_t>
BfdControlPacket::Serialize() const
{
    std::vector<uint8_t> b(kPacketSize, 0);
    b[0] = static_cast<uint8_t>((version & 0x7) << 5 | (diag & 0x1f));
    b[1] = static_cast<uint8_t>(static_cast<uint8_t>(state) << 6 | (poll ? 0x20 : 0) | (final ? 0x10 : 0));
    b[2] = detectMult;
    b[3] = kPacketSize;
    auto put = [&b](std::size_t at, uint32_t v) {
        b[at] = static_cast<uint8_t>(v >> 24);
        b[at + 1] = static_cast<uint8_t>(v >> 16);
        b[at + 2] = static_cast<uint8_t>(v >> 8);
        b[at + 3] = static_cast<uint8_t>(v);
    };
    put(4, myDiscriminator);
    put(8, yourDiscriminator);
    put(12, desiredMinTxUs);
    put(16, requiredMinRxUs);
    put(20, requiredMinEchoRxUs);
    return b;
}

bool
BfdControlPacket::Parse(const uint8_t* b, std::size_t size, BfdControlPacket& p)
{
    if (size < kPacketSize)
    {
        return false;
    }
    auto get = [b](std::size_t at) {
        return static_cast<uint32_t>(b[at]) << 24 | static_cast<uint32_t>(b[at + 1]) << 16 |
               static_cast<uint32_t>(b[at + 2]) << 8 | b[at + 3];
    };
    p.version = b[0] >> 5;
    p.diag = b[0] & 0x1f;
    p.state = static_cast<BfdState>(b[1] >> 6);
    p.poll = b[1] & 0x20;
    p.final = b[1] & 0x10;
    const bool authPresent = b[1] & 0x04;
    const bool multipoint = b[1] & 0x01;
    p.detectMult = b[2];
    const uint8_t length = b[3];
    p.myDiscriminator = get(4);
    p.yourDiscriminator = get(8);
    p.desiredMinTxUs = get(12);
    p.requiredMinRxUs = get(16);
    p.requiredMinEchoRxUs = get(20);
    // RFC 5880 §6.8.6: discard on bad version, length, zero multiplier, multipoint, zero My
    // Discriminator, or zero Your Discriminator outside Down/AdminDown; no authentication here.
    return p.version == 1 && length >= kPacketSize && length <= size && p.detectMult != 0 &&
           !multipoint && !authPresent && p.myDiscriminator != 0 &&
           !(p.yourDiscriminator == 0 && p.state != BfdState::Down && p.state != BfdState::AdminDown);
}

TypeId
BfdAgent::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::BfdAgent")
            .SetParent<Application>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<BfdAgent>()
            .AddAttribute("DesiredMinTxInterval",
                          "Desired transmit interval once Up: 300 ms on MSEEs, sometimes 750 ms "
                          "(references.md §3, "
                          "https://learn.microsoft.com/azure/expressroute/expressroute-bfd).",
                          TimeValue(MilliSeconds(300)),
                          MakeTimeAccessor(&BfdAgent::m_desiredMinTx),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RequiredMinRxInterval",
                          "Slowest receive interval this system accepts: 300 ms ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-bfd).",
                          TimeValue(MilliSeconds(300)),
                          MakeTimeAccessor(&BfdAgent::m_requiredMinRx),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("DetectMult",
                          "Detection multiplier: 3, as in Microsoft's example configuration "
                          "(https://learn.microsoft.com/azure/expressroute/expressroute-bfd).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&BfdAgent::m_detectMult),
                          MakeUintegerChecker<uint8_t>(1, 255))
            .AddAttribute("Dscp",
                          "DSCP of BFD packets: CS6 (48), Network Control (RFC 4594 §3.2), "
                          "queued ahead of data (PriorityQueueDisc), so that a full link does "
                          "not look like a dead one.",
                          UintegerValue(48),
                          MakeUintegerAccessor(&BfdAgent::m_dscp),
                          MakeUintegerChecker<uint8_t>(0, 63))
            .AddAttribute("Quiescent",
                          "Quiescent control plane (doc/engines.md): a session whose two ends "
                          "have kept their state for QuiescentAfter sends no periodic packets "
                          "until its link changes; detection then happens as with packets.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BfdAgent::m_quiescentEnabled),
                          MakeBooleanChecker())
            .AddAttribute("QuiescentAfter",
                          "How long both ends of a session keep their state (and their link "
                          "unchanged) before they go quiescent: a few detection times.",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&BfdAgent::m_quiescentAfter),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("StateChanged",
                            "A BFD session changed state.",
                            MakeTraceSourceAccessor(&BfdAgent::m_stateChanged),
                            "ns3::expressroute::BfdAgent::StateChangedCallback");
    return tid;
}

BfdAgent::BfdAgent()
    : m_jitter(CreateObject<UniformRandomVariable>())
{
}

BfdAgent::~BfdAgent() = default;

int64_t
BfdAgent::AssignStreams(int64_t stream)
{
    m_jitter->SetStream(stream);
    return 1;
}

void
BfdAgent::DoDispose()
{
    for (auto& s : m_sessions)
    {
        Simulator::Cancel(s.tx);
        Simulator::Cancel(s.detect);
        s.socket = nullptr;
        s.peerAgent = nullptr;
        s.onChange = Callback<void, BfdState>();
    }
    m_listener = nullptr;
    Application::DoDispose();
}

uint32_t
BfdAgent::AddSession(const std::string& name,
                     Ipv4Address local,
                     Ipv4Address peer,
                     Callback<void, BfdState> onChange)
{
    Session s;
    s.name = name;
    s.local = local;
    s.peer = peer;
    s.onChange = onChange;
    s.desiredMinTx = m_desiredMinTx;
    s.requiredMinRx = m_requiredMinRx;
    s.detectMult = m_detectMult;
    m_sessions.push_back(s);
    return static_cast<uint32_t>(m_sessions.size() - 1);
}

void
BfdAgent::SetSessionTimers(uint32_t session, Time desiredMinTx, Time requiredMinRx, uint8_t mult)
{
    auto& s = m_sessions.at(session);
    s.desiredMinTx = desiredMinTx;
    s.requiredMinRx = requiredMinRx;
    s.detectMult = mult;
}

Time
BfdAgent::GetDetectionTime(uint32_t index) const
{
    const auto& s = m_sessions.at(index);
    if (s.remoteMult == 0)
    {
        return Time(0);
    }
    // RFC 5880 §6.8.4, asynchronous mode.
    return s.remoteMult * std::max(s.requiredMinRx, s.remoteMinTx);
}

Time
BfdAgent::GetTransmitInterval(uint32_t index) const
{
    const auto& s = m_sessions.at(index);
    const Time desired = s.state == BfdState::Up ? s.desiredMinTx : std::max(kSlowTx, s.desiredMinTx);
    return std::max(desired, s.remoteMinRx);
}

void
BfdAgent::StartApplication()
{
    m_listener = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), kBfdPort));
    m_listener->SetIpRecvTtl(true); // each packet then carries its TTL (GTSM check in HandleRead)
    m_listener->SetRecvCallback(MakeCallback(&BfdAgent::HandleRead, this));
    m_running = true;
    auto ipv4 = GetNode()->GetObject<Ipv4>();
    for (uint32_t i = 0; i < m_sessions.size(); ++i)
    {
        auto& s = m_sessions[i];
        s.interface = ipv4 ? ipv4->GetInterfaceForAddress(s.local) : -1;
        s.lastChange = Simulator::Now();
        s.myDisc = (GetNode()->GetId() + 1) << 12 | (i + 1);
        s.socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        // A source port of 49152-65535 (RFC 5881 §4), counted down from the top rather than
        // taken from the node's ephemeral ports, which its applications' sockets then keep
        // (a host's probe has the same port in both engines, so the same ECMP choices).
        NS_ABORT_MSG_IF(i > 65535 - 49152, "more BFD sessions than source ports on one node");
        s.socket->Bind(InetSocketAddress(s.local, static_cast<uint16_t>(65535 - i)));
        s.socket->SetIpTtl(255);                      // RFC 5881 §5 (GTSM)
        // Connected, so that sends carry the socket's TOS (ns-3's SendTo takes the address's,
        // and Connect resets the socket's to the address's: set it after).
        s.socket->Connect(InetSocketAddress(s.peer, kBfdPort));
        s.socket->SetIpTos(m_dscp << 2);
        s.state = BfdState::Down;
        ScheduleTransmit(i);
    }
}

void
BfdAgent::StopApplication()
{
    // A quiescent peer resumes: from now on it hears nothing, as it would with packets.
    for (uint32_t i = 0; i < m_sessions.size(); ++i)
    {
        if (m_sessions[i].quiescent)
        {
            WakePair(i, true);
        }
    }
    m_running = false;
    for (auto& s : m_sessions)
    {
        Simulator::Cancel(s.tx);
        Simulator::Cancel(s.detect);
        if (s.socket)
        {
            s.socket->Close();
        }
    }
    if (m_listener)
    {
        m_listener->Close();
        m_listener->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

double
BfdAgent::DrawJitter(const Session& s)
{
    // RFC 5880 §6.8.7: jitter of 0-25 % below the interval (up to 10 % more with multiplier 1).
    const double low = 0.75;
    const double high = s.detectMult == 1 ? 0.90 : 1.0;
    return m_jitter->GetValue(low, high);
}

void
BfdAgent::ScheduleTransmit(uint32_t index)
{
    // Quiescent sessions' draws that a packet engine would have made before this one come first.
    AdvanceVirtual(Simulator::Now());
    auto& s = m_sessions[index];
    if (s.remoteMinRx.IsZero())
    {
        // RFC 5880 §6.8.7: the peer asked for no packets (Required Min RX Interval 0): no
        // periodic transmission until it asks again (Receive resumes it).
        return;
    }
    const Time interval = GetTransmitInterval(index);
    const Time delay = Seconds(interval.GetSeconds() * DrawJitter(s));
    s.nextTx = Simulator::Now() + delay;
    if (s.quiescent)
    {
        m_virtual.emplace(s.nextTx.GetTimeStep(), index);
        return;
    }
    s.tx = Simulator::Schedule(delay, &BfdAgent::Transmit, this, index);
}

BfdControlPacket
BfdAgent::MakePacket(const Session& s) const
{
    BfdControlPacket p;
    p.diag = s.diag;
    p.state = s.state;
    p.detectMult = s.detectMult;
    p.poll = s.polling;
    p.myDiscriminator = s.myDisc;
    p.yourDiscriminator = s.yourDisc;
    // Advertised intervals: at least one second while not Up (RFC 5880 §6.8.3).
    const Time tx = s.state == BfdState::Up ? s.desiredMinTx : std::max(kSlowTx, s.desiredMinTx);
    p.desiredMinTxUs = static_cast<uint32_t>(tx.GetMicroSeconds());
    p.requiredMinRxUs = static_cast<uint32_t>(s.requiredMinRx.GetMicroSeconds());
    return p;
}

void
BfdAgent::Transmit(uint32_t index)
{
    auto& s = m_sessions[index];
    const auto bytes = MakePacket(s).Serialize();
    s.socket->Send(Create<Packet>(bytes.data(), bytes.size()));
    ++m_sent;
    s.prevTx = s.lastTx;
    s.lastTx = Simulator::Now();
    if (MayQuiesce(index))
    {
        EnterQuiescence(index);
    }
    ScheduleTransmit(index);
}

void
BfdAgent::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        // RFC 5881 §5: single-hop BFD is sent with TTL 255, and a packet received with any
        // other TTL MUST be discarded (without authentication, as here): it came from further
        // than the link (GTSM, RFC 5082).
        SocketIpTtlTag ttl;
        if (!packet->RemovePacketTag(ttl) || ttl.GetTtl() != 255)
        {
            NS_LOG_LOGIC("event=discarded reason=ttl ttl=" << unsigned(ttl.GetTtl()));
            continue;
        }
        std::vector<uint8_t> buf(packet->GetSize());
        packet->CopyData(buf.data(), buf.size());
        BfdControlPacket p;
        if (!BfdControlPacket::Parse(buf.data(), buf.size(), p))
        {
            continue;
        }
        const Ipv4Address src = InetSocketAddress::ConvertFrom(from).GetIpv4();
        for (auto& s : m_sessions)
        {
            const bool match = p.yourDiscriminator != 0 ? s.myDisc == p.yourDiscriminator
                                                        : s.peer == src;
            if (match)
            {
                Receive(s, p);
                break;
            }
        }
    }
}

void
BfdAgent::Receive(Session& s, const BfdControlPacket& p, bool measure)
{
    const uint32_t index = static_cast<uint32_t>(&s - m_sessions.data());
    if (measure && m_quiescentEnabled && ResolvePeer(index))
    {
        s.rxDelay = Simulator::Now() - Peer(s)->lastTx;
    }
    s.lastRx = Simulator::Now();
    s.yourDisc = p.myDiscriminator;
    s.remoteMinTx = MicroSeconds(p.desiredMinTxUs);
    const bool wasSilenced = s.remoteMinRx.IsZero();
    s.remoteMinRx = MicroSeconds(p.requiredMinRxUs);
    s.remoteMult = p.detectMult;
    if (p.final)
    {
        s.polling = false; // RFC 5880 §6.5: the Poll Sequence is complete
    }
    if (s.remoteMinRx.IsZero())
    {
        Simulator::Cancel(s.tx); // RFC 5880 §6.8.7: no more periodic packets
    }
    else if (wasSilenced && m_running && !s.quiescent)
    {
        ScheduleTransmit(index); // the peer wants packets again
    }
    // RFC 5880 §6.8.6 state machine.
    if (p.state == BfdState::AdminDown)
    {
        if (s.state != BfdState::Down)
        {
            SetState(s, BfdState::Down, kBfdDiagNeighborDown);
        }
    }
    else if (s.state == BfdState::Down)
    {
        if (p.state == BfdState::Down)
        {
            SetState(s, BfdState::Init, kBfdDiagNone);
        }
        else if (p.state == BfdState::Init)
        {
            SetState(s, BfdState::Up, kBfdDiagNone);
        }
    }
    else if (s.state == BfdState::Init)
    {
        if (p.state == BfdState::Init || p.state == BfdState::Up)
        {
            SetState(s, BfdState::Up, kBfdDiagNone);
        }
    }
    else if (s.state == BfdState::Up && p.state == BfdState::Down)
    {
        SetState(s, BfdState::Down, kBfdDiagNeighborDown);
    }
    // Restart the detection timer on every packet while the session is Init or Up (a quiescent
    // session treats its peer as alive).
    Simulator::Cancel(s.detect);
    if (!s.quiescent && (s.state == BfdState::Init || s.state == BfdState::Up))
    {
        s.detect = Simulator::Schedule(GetDetectionTime(index), &BfdAgent::DetectionTimeout, this, index);
    }
    // RFC 5880 §6.5, §6.8.7: a Poll gets a packet with Final at once, outside the periodic
    // transmissions and without the Poll bit (the peer polls when it comes Up, as this agent
    // does, or when a real router changes its timers).
    if (p.poll && m_running && s.socket)
    {
        BfdControlPacket reply = MakePacket(s);
        reply.poll = false; // never both bits (RFC 5880 §6.5)
        reply.final = true;
        const auto bytes = reply.Serialize();
        s.socket->Send(Create<Packet>(bytes.data(), bytes.size()));
        ++m_sent;
        // The poller now trusts the interval this agent advertises (300 ms once Up); a periodic
        // packet still scheduled at the slow pre-Up rate (1 s) would arrive after its detection
        // time (RFC 5880 §6.8.3: a faster rate takes effect at once). Not needed when this
        // agent came Up itself (TransmitNow restarted its schedule), but a peer may poll first.
        if (!s.quiescent && s.state == BfdState::Up &&
            s.nextTx - Simulator::Now() > GetTransmitInterval(index))
        {
            Simulator::Cancel(s.tx);
            ScheduleTransmit(index);
        }
    }
}

void
BfdAgent::DetectionTimeout(uint32_t index)
{
    auto& s = m_sessions[index];
    if (s.state == BfdState::Init || s.state == BfdState::Up)
    {
        // RFC 5880 §6.8.1: the remote discriminator is reset when the Detection Time passes,
        // before the Down packet that goes out with the change.
        s.yourDisc = 0;
        s.remoteMult = 0;
        s.remoteMinRx = MicroSeconds(1); // its initial value (RFC 5880 §6.8.1), not "no packets"
        SetState(s, BfdState::Down, kBfdDiagDetectionTimeExpired);
    }
}

void
BfdAgent::SetState(Session& s, BfdState state, uint8_t diag)
{
    const uint32_t index = static_cast<uint32_t>(&s - m_sessions.data());
    if (s.quiescent)
    {
        WakePair(index, true); // not expected: a quiescent pair receives nothing that changes
    }
    s.lastChange = Simulator::Now();
    const BfdState old = s.state;
    s.state = state;
    s.diag = diag;
    NS_LOG_INFO("bfd=" << s.name << " from=" << ToString(old) << " to=" << ToString(state)
                       << " diag=" << unsigned(diag));
    // Coming Up starts a Poll Sequence (the intervals leave the 1 s pre-Up rate); going Down
    // ends one. Both are sent at once (as FRR's bfdd does); Init waits for the schedule.
    s.polling = state == BfdState::Up;
    if (state == BfdState::Up || (state == BfdState::Down && old != BfdState::AdminDown))
    {
        TransmitNow(index);
    }
    m_stateChanged(s.name, ToString(old), ToString(state), diag);
    if (!s.onChange.IsNull())
    {
        s.onChange(state);
    }
}

void
BfdAgent::TransmitNow(uint32_t index)
{
    auto& s = m_sessions[index];
    if (!m_running || !s.socket || s.quiescent || s.remoteMinRx.IsZero())
    {
        return; // not started, or the peer asked for no packets (RFC 5880 §6.8.7)
    }
    Simulator::Cancel(s.tx);
    Transmit(index);
}

} // namespace expressroute
} // namespace ns3
