// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-bgp-session.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBgpSession");
NS_OBJECT_ENSURE_REGISTERED(BgpSession);

namespace
{
constexpr uint16_t kBgpPort = 179;
/// RFC 4271 §8.2.2: the hold timer in OpenSent is set to "a large value"; 4 minutes suggested.
const Time kOpenSentHold = Minutes(4);
/// RFC 6608 §3: the Finite State Machine Error subcode names the state the unexpected message
/// arrived in; 0 (unspecific) in the others.
uint8_t
FsmErrorSubcode(BgpState state)
{
    switch (state)
    {
    case BgpState::OpenSent:
        return bgperr::kUnexpectedInOpenSent;
    case BgpState::OpenConfirm:
        return bgperr::kUnexpectedInOpenConfirm;
    case BgpState::Established:
        return bgperr::kUnexpectedInEstablished;
    default:
        return 0;
    }
}

} // namespace

std::string
ToString(BgpState state)
{
    switch (state)
    {
    case BgpState::Idle:
        return "Idle";
    case BgpState::Connect:
        return "Connect";
    case BgpState::Active:
        return "Active";
    case BgpState::OpenSent:
        return "OpenSent";
    case BgpState::OpenConfirm:
        return "OpenConfirm";
    case BgpState::Established:
        return "Established";
    }
    return "?";
}

TypeId
BgpSession::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::BgpSession")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<BgpSession>()
            .AddAttribute("Quiescent",
                          "Quiescent control plane (doc/engines.md): an Established session whose "
                          "two ends were left alone for QuiescentAfter sends no KEEPALIVEs until "
                          "something changes; the hold timer then runs as with packets.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BgpSession::m_quiescentEnabled),
                          MakeBooleanChecker())
            .AddAttribute("QuiescentAfter",
                          "How long both ends stay Established, with nothing changing on the "
                          "network, before they go quiescent.",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&BgpSession::m_quiescentAfter),
                          MakeTimeChecker(Time(0)));
    return tid;
}

BgpSession::BgpSession() = default;
BgpSession::~BgpSession() = default;

void
BgpSession::DoDispose()
{
    Simulator::Cancel(m_connectRetry);
    Simulator::Cancel(m_hold);
    Simulator::Cancel(m_keepalive);
    Simulator::Cancel(m_quiescenceCheck);
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
    m_peerSession = nullptr;
    m_node = nullptr;
    m_onUpdate = UpdateCallback();
    m_onState = StateCallback();
    m_onNotification = NotificationCallback();
    Object::DoDispose();
}

void
BgpSession::Configure(Ptr<Node> node, const BgpPeerConfig& config)
{
    m_node = node;
    m_config = config;
}

void
BgpSession::SetCallbacks(UpdateCallback update, StateCallback state, NotificationCallback notification)
{
    m_onUpdate = update;
    m_onState = state;
    m_onNotification = notification;
}

void
BgpSession::SetState(BgpState state)
{
    if (state == m_state)
    {
        return;
    }
    const BgpState old = m_state;
    m_state = state;
    if (state == BgpState::Established)
    {
        m_stableSince = Simulator::Now();
        ScheduleQuiescenceCheck(m_quiescentAfter);
    }
    NS_LOG_INFO("session=" << m_config.name << " from=" << ToString(old) << " to=" << ToString(state));
    if (!m_onState.IsNull())
    {
        m_onState(this, old, state);
    }
}

void
BgpSession::Start()
{
    m_stopped = false;
    if (m_state != BgpState::Idle)
    {
        return;
    }
    if (m_config.passive)
    {
        SetState(BgpState::Active); // waiting for the peer's connection
        return;
    }
    Connect();
}

void
BgpSession::Stop(const BgpNotification& notification)
{
    m_stopped = true;
    if (m_socket && m_state >= BgpState::OpenSent)
    {
        SendNotificationAndClose(notification, Time(0));
        return;
    }
    CloseAndIdle(Time(0));
}

void
BgpSession::BfdDown()
{
    if (m_state == BgpState::Idle)
    {
        return;
    }
    NS_LOG_INFO("session=" << m_config.name << " event=bfd-down");
    CloseAndIdle(m_config.passive ? Time(0) : m_config.connectRetryTime);
}

void
BgpSession::FallOver()
{
    if (m_state == BgpState::Idle || m_state == BgpState::Active)
    {
        return; // nothing open: waiting to start, or for the peer's connection
    }
    NS_LOG_INFO("session=" << m_config.name << " event=fall-over");
    CloseAndIdle(Time(0));
    if (!m_config.passive)
    {
        // No retry while there is no route to the peer: PeerReachable starts it again.
        Simulator::Cancel(m_connectRetry);
    }
    m_fellOver = true;
}

void
BgpSession::PeerReachable()
{
    if (m_fellOver && m_state == BgpState::Idle && !m_stopped)
    {
        Start();
    }
    m_fellOver = false;
}

void
BgpSession::Reset(const BgpNotification& notification, Time idleHold)
{
    SendNotificationAndClose(notification, idleHold);
}

uint8_t
BgpSession::GetTtl() const
{
    // RFC 4271 leaves it to the implementation; routers (FRR, Cisco IOS, Junos, BIRD) send
    // single-hop eBGP with TTL 1, so that a peer one router further away is never reached,
    // and iBGP or eBGP multihop with 255.
    if (m_config.localAsn == m_config.peerAsn || !m_node)
    {
        return 255;
    }
    auto ipv4 = m_node->GetObject<Ipv4>();
    const int32_t interface = ipv4 ? ipv4->GetInterfaceForAddress(m_config.localAddress) : -1;
    if (interface < 0)
    {
        return 255;
    }
    for (uint32_t a = 0; a < ipv4->GetNAddresses(interface); ++a)
    {
        const auto address = ipv4->GetAddress(interface, a);
        if (address.GetLocal() == m_config.localAddress &&
            address.GetMask().IsMatch(address.GetLocal(), m_config.peerAddress))
        {
            return 1;
        }
    }
    return 255;
}

void
BgpSession::Connect()
{
    SetState(BgpState::Connect);
    auto socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    socket->SetAttribute("SndBufSize", UintegerValue(1 << 20));
    socket->SetAttribute("RcvBufSize", UintegerValue(1 << 20));
    socket->Bind(InetSocketAddress(m_config.localAddress, 0));
    socket->SetIpTtl(GetTtl()); // the SYN too
    socket->SetConnectCallback(MakeCallback(&BgpSession::ConnectionSucceeded, this),
                               MakeCallback(&BgpSession::ConnectionFailed, this));
    m_socket = socket;
    // ns-3's Connect sets the socket's TOS from the address: carried there, CS6 marks the SYN
    // too, so that the handshake is queued ahead of data as every later segment is.
    InetSocketAddress peer(m_config.peerAddress, kBgpPort);
    peer.SetTos(m_config.dscp << 2);
    socket->Connect(peer);
    // RFC 4271 §8.2.2 Connect state: if the connection does not come up before the
    // ConnectRetry timer expires, drop it and try again.
    Simulator::Cancel(m_connectRetry);
    m_connectRetry = Simulator::Schedule(m_config.connectRetryTime, [this]() {
        if (m_state == BgpState::Connect || m_state == BgpState::Active)
        {
            CloseAndIdle(Time(0));
        }
    });
}

void
BgpSession::ConnectionSucceeded(Ptr<Socket> socket)
{
    Simulator::Cancel(m_connectRetry);
    Attach(socket);
}

void
BgpSession::ConnectionFailed(Ptr<Socket> socket)
{
    NS_LOG_INFO("session=" << m_config.name << " event=connect-failed");
    if (socket == m_socket)
    {
        CloseAndIdle(m_config.connectRetryTime);
    }
}

void
BgpSession::Accept(Ptr<Socket> socket)
{
    if (m_state != BgpState::Active || !m_config.passive)
    {
        NS_LOG_INFO("session=" << m_config.name << " event=connection-refused state=" << ToString(m_state));
        socket->Close();
        return;
    }
    Attach(socket);
}

void
BgpSession::Attach(Ptr<Socket> socket)
{
    m_socket = socket;
    socket->SetIpTos(m_config.dscp << 2);
    socket->SetIpTtl(GetTtl());
    m_reader = BgpStreamReader();
    m_out.clear();
    socket->SetRecvCallback(MakeCallback(&BgpSession::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&BgpSession::Flush, this));
    socket->SetCloseCallbacks(MakeCallback(&BgpSession::HandleClose, this),
                              MakeCallback(&BgpSession::HandleClose, this));
    BgpOpen open;
    open.asn = m_config.localAsn;
    open.holdTime = static_cast<uint16_t>(std::min<int64_t>(m_config.holdTime.GetSeconds(), 65535));
    open.bgpId = m_config.routerId;
    SendMessage(open);
    SetState(BgpState::OpenSent);
    Simulator::Cancel(m_hold);
    m_hold = Simulator::Schedule(kOpenSentHold, &BgpSession::HoldTimerExpired, this);
}

void
BgpSession::SendMessage(const BgpMessage& message)
{
    if (!m_socket)
    {
        return;
    }
    const auto bytes = EncodeBgpMessage(message, m_peerFourOctet);
    m_out.insert(m_out.end(), bytes.begin(), bytes.end());
    ++m_sent;
    Flush(m_socket, m_socket->GetTxAvailable());
}

void
BgpSession::Flush(Ptr<Socket> socket, uint32_t)
{
    if (socket != m_socket)
    {
        return;
    }
    while (!m_out.empty())
    {
        const uint32_t room = socket->GetTxAvailable();
        if (room == 0)
        {
            return; // the send callback calls again when the buffer drains
        }
        const std::size_t n = std::min<std::size_t>(room, m_out.size());
        std::vector<uint8_t> chunk(m_out.begin(), m_out.begin() + static_cast<std::ptrdiff_t>(n));
        const int sent = socket->Send(Create<Packet>(chunk.data(), static_cast<uint32_t>(n)));
        if (sent <= 0)
        {
            return;
        }
        m_out.erase(m_out.begin(), m_out.begin() + sent);
    }
}

bool
BgpSession::SendUpdate(const BgpUpdate& update)
{
    if (m_state != BgpState::Established)
    {
        return false;
    }
    SendMessage(update);
    RestartKeepaliveTimer();
    return true;
}

void
BgpSession::HandleRead(Ptr<Socket> socket)
{
    if (socket != m_socket)
    {
        return;
    }
    while (Ptr<Packet> p = socket->Recv())
    {
        std::vector<uint8_t> buf(p->GetSize());
        p->CopyData(buf.data(), buf.size());
        m_reader.Append(buf.data(), buf.size());
        while (auto next = m_reader.Next())
        {
            if (const auto* e = std::get_if<BgpDecodeError>(&*next))
            {
                NS_LOG_INFO("session=" << m_config.name << " error=\"" << e->reason << "\"");
                SendNotificationAndClose({e->code, e->subcode, e->data}, m_config.connectRetryTime);
                return;
            }
            HandleMessage(std::get<std::vector<uint8_t>>(*next));
            if (socket != m_socket)
            {
                return; // the message closed the session
            }
        }
    }
}

void
BgpSession::HandleMessage(const std::vector<uint8_t>& bytes)
{
    ++m_received;
    m_lastRx = Simulator::Now();
    auto decoded = DecodeBgpMessage(bytes.data(), bytes.size(), m_peerFourOctet);
    if (const auto* e = std::get_if<BgpDecodeError>(&decoded))
    {
        NS_LOG_INFO("session=" << m_config.name << " error=\"" << e->reason << "\"");
        if (bytes.size() > 18 && bytes[18] == static_cast<uint8_t>(BgpMessageType::Notification))
        {
            // An error in a NOTIFICATION is never answered with one (RFC 4271 §6.4); the peer
            // is closing the session anyway.
            CloseAndIdle(m_config.passive ? Time(0) : m_config.connectRetryTime);
            return;
        }
        SendNotificationAndClose({e->code, e->subcode, e->data}, m_config.connectRetryTime);
        return;
    }
    const BgpMessage& m = std::get<BgpMessage>(decoded);
    if (const auto* open = std::get_if<BgpOpen>(&m))
    {
        if (m_state != BgpState::OpenSent)
        {
            SendNotificationAndClose({bgperr::kFsm, FsmErrorSubcode(m_state), {}},
                                     m_config.connectRetryTime);
            return;
        }
        HandleOpen(*open);
    }
    else if (std::holds_alternative<BgpKeepalive>(m))
    {
        auto peer = m_quiescentEnabled ? FindPeerSession() : nullptr;
        if (peer && peer->m_lastKeepalive != Time::Min())
        {
            m_keepaliveDelay = Simulator::Now() - peer->m_lastKeepalive;
        }
        if (m_state == BgpState::OpenConfirm)
        {
            RestartHoldTimer();
            SetState(BgpState::Established);
        }
        else if (m_state == BgpState::Established)
        {
            RestartHoldTimer();
        }
        else
        {
            SendNotificationAndClose({bgperr::kFsm, FsmErrorSubcode(m_state), {}},
                                     m_config.connectRetryTime);
        }
    }
    else if (const auto* update = std::get_if<BgpUpdate>(&m))
    {
        if (m_state != BgpState::Established)
        {
            SendNotificationAndClose({bgperr::kFsm, FsmErrorSubcode(m_state), {}},
                                     m_config.connectRetryTime);
            return;
        }
        RestartHoldTimer();
        for (const auto& why : update->attributeErrors)
        {
            // RFC 7606 §3: the session stays up; the error is logged.
            NS_LOG_INFO("session=" << m_config.name << " update-error=\"" << why << "\""
                                   << " treat-as-withdraw=" << update->treatAsWithdraw);
        }
        if (!m_onUpdate.IsNull())
        {
            m_onUpdate(this, *update);
        }
    }
    else if (const auto* n = std::get_if<BgpNotification>(&m))
    {
        NS_LOG_INFO("session=" << m_config.name << " notification-received=\""
                               << BgpErrorName(n->code, n->subcode) << "\"");
        if (!m_onNotification.IsNull())
        {
            m_onNotification(this, *n, false);
        }
        CloseAndIdle(m_config.passive ? Time(0) : m_config.connectRetryTime);
    }
}

void
BgpSession::HandleOpen(const BgpOpen& open)
{
    if (open.asn != m_config.peerAsn)
    {
        std::vector<uint8_t> data{static_cast<uint8_t>(open.asn >> 8), static_cast<uint8_t>(open.asn)};
        SendNotificationAndClose({bgperr::kOpen, bgperr::kBadPeerAs, data}, m_config.connectRetryTime);
        return;
    }
    // RFC 6286 §2.2: the identifier must differ from ours only towards an internal peer.
    if (open.bgpId == m_config.routerId && m_config.peerAsn == m_config.localAsn)
    {
        SendNotificationAndClose({bgperr::kOpen, bgperr::kBadBgpIdentifier, {}},
                                 m_config.connectRetryTime);
        return;
    }
    m_peerFourOctet = open.fourOctetAs;
    m_peerRouterId = open.bgpId;
    // RFC 4271 §4.2: the hold time is the lower of the two proposals; keepalives at a third of
    // it unless configured lower (§10: KeepaliveTime).
    m_holdTime = std::min(m_config.holdTime, Seconds(open.holdTime));
    m_keepaliveTime = m_holdTime.IsZero() ? Time(0) : std::min(m_config.keepaliveTime, m_holdTime / 3);
    SendKeepalive();
    SetState(BgpState::OpenConfirm);
    RestartHoldTimer();
    Simulator::Cancel(m_keepalive);
    if (m_keepaliveTime.IsStrictlyPositive())
    {
        m_keepalive = Simulator::Schedule(m_keepaliveTime, &BgpSession::KeepaliveTimerExpired, this);
    }
}

void
BgpSession::RestartHoldTimer()
{
    Simulator::Cancel(m_hold);
    if (m_holdTime.IsStrictlyPositive() && !m_quiescent) // quiescent: the peer is alive
    {
        m_hold = Simulator::Schedule(m_holdTime, &BgpSession::HoldTimerExpired, this);
    }
}

void
BgpSession::HoldTimerExpired()
{
    NS_LOG_INFO("session=" << m_config.name << " event=hold-timer-expired");
    SendNotificationAndClose({bgperr::kHoldTimerExpired, 0, {}},
                             m_config.passive ? Time(0) : m_config.connectRetryTime);
}

void
BgpSession::RestartKeepaliveTimer()
{
    // RFC 4271 §8.2.2, Established: sending a KEEPALIVE or an UPDATE restarts the timer.
    if (!m_keepaliveTime.IsStrictlyPositive())
    {
        return;
    }
    if (m_quiescent)
    {
        // The virtual schedule moves as the timer would have (doc/engines.md).
        AdvanceKeepalives(Simulator::Now());
        m_nextKeepalive = Simulator::Now() + m_keepaliveTime;
        return;
    }
    Simulator::Cancel(m_keepalive);
    m_keepalive = Simulator::Schedule(m_keepaliveTime, &BgpSession::KeepaliveTimerExpired, this);
}

void
BgpSession::KeepaliveTimerExpired()
{
    if (m_state == BgpState::OpenConfirm || m_state == BgpState::Established)
    {
        SendKeepalive();
        m_keepalive = Simulator::Schedule(m_keepaliveTime, &BgpSession::KeepaliveTimerExpired, this);
    }
}

void
BgpSession::SendKeepalive()
{
    SendMessage(BgpKeepalive{});
    ++m_keepalivesSent;
    m_prevKeepalive = m_lastKeepalive;
    m_lastKeepalive = Simulator::Now();
}

void
BgpSession::HandleClose(Ptr<Socket> socket)
{
    if (socket == m_socket)
    {
        NS_LOG_INFO("session=" << m_config.name << " event=connection-closed");
        CloseAndIdle(m_config.passive ? Time(0) : m_config.connectRetryTime);
    }
}

void
BgpSession::SendNotificationAndClose(const BgpNotification& n, Time restartAfter)
{
    NS_LOG_INFO("session=" << m_config.name << " notification-sent=\""
                           << BgpErrorName(n.code, n.subcode) << "\"");
    SendMessage(n);
    if (!m_onNotification.IsNull())
    {
        m_onNotification(this, n, true);
    }
    CloseAndIdle(restartAfter);
}

void
BgpSession::CloseAndIdle(Time restartAfter)
{
    if (m_quiescent)
    {
        WakePair(); // the peer hears nothing more from now on, as with packets
    }
    Simulator::Cancel(m_quiescenceCheck);
    Simulator::Cancel(m_hold);
    Simulator::Cancel(m_keepalive);
    Simulator::Cancel(m_connectRetry);
    if (m_socket)
    {
        auto socket = m_socket;
        m_socket = nullptr;
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                  MakeNullCallback<void, Ptr<Socket>>());
        socket->Close(); // pending bytes (a NOTIFICATION) still go out before the FIN
    }
    m_out.clear();
    m_reader = BgpStreamReader();
    m_holdTime = Time(0);
    m_peerFourOctet = true; // until the next OPEN says otherwise
    m_fellOver = false;
    SetState(BgpState::Idle);
    if (!m_stopped)
    {
        m_connectRetry = Simulator::Schedule(restartAfter, &BgpSession::Start, this);
    }
}

} // namespace expressroute
} // namespace ns3
