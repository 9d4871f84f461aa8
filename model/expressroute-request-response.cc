// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-request-response.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/double.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/nstime.h"
#include "ns3/tcp-socket-factory.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteRequestResponse");
NS_OBJECT_ENSURE_REGISTERED(RequestResponseClient);
NS_OBJECT_ENSURE_REGISTERED(RequestResponseServer);

namespace
{
constexpr uint32_t kHeader = 8; ///< request size, response size (network order)
constexpr uint32_t kChunk = 1448;

/// Leaves @p s with no callback into an app: TCP finishes the connection on its own.
void
Detach(Ptr<Socket> s)
{
    NS_LOG_FUNCTION(s);
    s->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                          MakeNullCallback<void, Ptr<Socket>>());
    s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    s->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    s->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                         MakeNullCallback<void, Ptr<Socket>>());
}

/// Detach(@p s) once the socket's callback now running has returned: replacing a callback from
/// inside it would destroy it while it runs.
void
DetachLater(Ptr<Socket> s)
{
    Simulator::ScheduleNow(&Detach, s);
}

/// The client's side of a connection whose response has all arrived: closes when the server's
/// FIN, which follows its last byte, arrives (the passive close: no TIME_WAIT on this side).
void
CloseOnPeerClose(Ptr<Socket> s)
{
    s->Close();
    DetachLater(s);
}

} // namespace

TypeId
RequestResponseClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::RequestResponseClient")
            .SetParent<Application>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<RequestResponseClient>()
            .AddTraceSource("RequestDone",
                            "A request completed (response bytes, completion time) or failed.",
                            MakeTraceSourceAccessor(&RequestResponseClient::m_requestDone),
                            "ns3::expressroute::RequestResponseClient::RequestCallback")
            .AddTraceSource("Tx",
                            "Request bytes handed to TCP.",
                            MakeTraceSourceAccessor(&RequestResponseClient::m_tx),
                            "ns3::Packet::TracedCallback");
    return tid;
}

RequestResponseClient::RequestResponseClient()
    : m_arrivals(CreateObject<ExponentialRandomVariable>()),
      m_uniform(CreateObject<UniformRandomVariable>())
{
}

RequestResponseClient::~RequestResponseClient() = default;

void
RequestResponseClient::Configure(Ipv4Address server,
                                 uint16_t port,
                                 double requestsPerSecond,
                                 SizeDistribution request,
                                 SizeDistribution response)
{
    m_server = server;
    m_port = port;
    m_rate = requestsPerSecond;
    m_request = request;
    m_response = response;
    m_arrivals->SetAttribute("Mean", DoubleValue(1.0 / requestsPerSecond));
}

int64_t
RequestResponseClient::AssignStreams(int64_t stream)
{
    m_arrivals->SetStream(stream);
    m_uniform->SetStream(stream + 1);
    return 2;
}

void
RequestResponseClient::DoDispose()
{
    for (const auto& [socket, p] : m_pending)
    {
        Detach(socket);
    }
    m_pending.clear();
    Application::DoDispose();
}

void
RequestResponseClient::StartApplication()
{
    ScheduleNext();
}

void
RequestResponseClient::StopApplication()
{
    Simulator::Cancel(m_next);
    // Requests cut by the end: failed.
    while (!m_pending.empty())
    {
        const Ptr<Socket> s = m_pending.begin()->first;
        End(s);
        Detach(s);
        s->Close();
    }
}

void
RequestResponseClient::ScheduleNext()
{
    m_next = Simulator::Schedule(Seconds(m_arrivals->GetValue()), &RequestResponseClient::Issue, this);
}

uint32_t
RequestResponseClient::Draw(const SizeDistribution& d)
{
    double v;
    if (d.mean > 0)
    {
        v = -d.mean * std::log(1.0 - m_uniform->GetValue());
    }
    else
    {
        v = d.min + m_uniform->GetValue() * (d.max - d.min);
    }
    return static_cast<uint32_t>(std::clamp<double>(std::round(v), d.min, d.max));
}

void
RequestResponseClient::Issue()
{
    ScheduleNext();
    auto socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    socket->Bind();
    Pending p;
    p.started = Simulator::Now();
    p.toSend = std::max(kHeader, Draw(m_request));
    p.expect = Draw(m_response);
    m_pending[socket] = p;
    socket->SetConnectCallback(MakeCallback(&RequestResponseClient::Connected, this),
                               MakeCallback(&RequestResponseClient::ConnectFailed, this));
    socket->SetRecvCallback(MakeCallback(&RequestResponseClient::Read, this));
    socket->SetCloseCallbacks(MakeCallback(&RequestResponseClient::PeerClosed, this),
                              MakeCallback(&RequestResponseClient::Aborted, this));
    socket->Connect(InetSocketAddress(m_server, m_port));
}

// The handlers below first End() the request, so that the notifications Close() may send back
// from inside (a reset, CloseAndNotify) find nothing to do.

void
RequestResponseClient::ConnectFailed(Ptr<Socket> s)
{
    // TCP gave up on the handshake but keeps the socket in SYN_SENT: Close() frees it.
    if (End(s))
    {
        s->Close();
        DetachLater(s);
    }
}

void
RequestResponseClient::PeerClosed(Ptr<Socket> s)
{
    // The server closed before the whole response arrived (or none was expected).
    if (End(s))
    {
        s->Close();
        DetachLater(s);
    }
}

void
RequestResponseClient::Aborted(Ptr<Socket> s)
{
    // Reset, or retransmissions exhausted: TCP has freed the connection.
    if (End(s))
    {
        DetachLater(s);
    }
}

bool
RequestResponseClient::End(Ptr<Socket> s)
{
    auto it = m_pending.find(s);
    if (it == m_pending.end())
    {
        return false;
    }
    const Pending p = it->second;
    m_pending.erase(it);
    m_requestDone(p.received, Simulator::Now() - p.started, p.received >= p.expect);
    return true;
}

void
RequestResponseClient::Connected(Ptr<Socket> s)
{
    auto it = m_pending.find(s);
    if (it == m_pending.end())
    {
        return;
    }
    // The header first: request and response sizes.
    const uint32_t req = it->second.toSend;
    const uint32_t resp = it->second.expect;
    uint8_t head[kHeader] = {uint8_t(req >> 24), uint8_t(req >> 16), uint8_t(req >> 8), uint8_t(req),
                             uint8_t(resp >> 24), uint8_t(resp >> 16), uint8_t(resp >> 8), uint8_t(resp)};
    auto packet = Create<Packet>(head, kHeader);
    s->Send(packet);
    m_tx(packet);
    it->second.toSend -= kHeader;
    s->SetSendCallback(MakeCallback(&RequestResponseClient::Fill, this));
    Fill(s, s->GetTxAvailable());
}

void
RequestResponseClient::Fill(Ptr<Socket> s, uint32_t)
{
    auto it = m_pending.find(s);
    if (it == m_pending.end())
    {
        return;
    }
    while (it->second.toSend > 0 && s->GetTxAvailable() > 0)
    {
        const uint32_t n = std::min({it->second.toSend, kChunk, s->GetTxAvailable()});
        auto packet = Create<Packet>(n);
        if (s->Send(packet) < 0)
        {
            break;
        }
        m_tx(packet);
        it->second.toSend -= n;
    }
}

void
RequestResponseClient::Read(Ptr<Socket> s)
{
    auto it = m_pending.find(s);
    while (Ptr<Packet> p = s->Recv())
    {
        if (it != m_pending.end())
        {
            it->second.received += p->GetSize();
        }
    }
    if (it != m_pending.end() && it->second.received >= it->second.expect)
    {
        End(s);
        s->SetCloseCallbacks(MakeCallback(&CloseOnPeerClose), MakeCallback(&DetachLater));
    }
}

TypeId
RequestResponseServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::RequestResponseServer")
            .SetParent<Application>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<RequestResponseServer>()
            .AddAttribute("TimeWait",
                          "How long a connection the server closed stays in TIME_WAIT before its "
                          "socket is freed (2 MSL; the sockets' MaxSegLifetime is half of it). "
                          "RFC 9293 takes MSL = 2 min (4 min of TIME_WAIT) and Linux waits 60 s, "
                          "but ns-3 keeps a whole socket for it, so a busy server would hold "
                          "thousands; TIME_WAIT only absorbs the client's retransmitted FIN, for "
                          "which 1 s outlasts every round trip of the model.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&RequestResponseServer::m_timeWait),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddTraceSource("Rx",
                            "Request bytes received.",
                            MakeTraceSourceAccessor(&RequestResponseServer::m_rx),
                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

RequestResponseServer::RequestResponseServer() = default;
RequestResponseServer::~RequestResponseServer() = default;

void
RequestResponseServer::DoDispose()
{
    m_listener = nullptr;
    for (const auto& [socket, c] : m_conns)
    {
        Detach(socket);
    }
    m_conns.clear();
    Application::DoDispose();
}

void
RequestResponseServer::StartApplication()
{
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    // Accepted connections are copies of the listener: they inherit its MSL.
    m_listener->SetAttribute("MaxSegLifetime", DoubleValue(m_timeWait.GetSeconds() / 2));
    m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&RequestResponseServer::Accept, this));
}

void
RequestResponseServer::StopApplication()
{
    if (m_listener)
    {
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listener->Close();
    }
    for (const auto& [s, c] : m_conns)
    {
        Detach(s);
        s->Close();
    }
    m_conns.clear();
}

void
RequestResponseServer::Accept(Ptr<Socket> s, const Address&)
{
    m_conns[s] = Conn{};
    s->SetRecvCallback(MakeCallback(&RequestResponseServer::Read, this));
    s->SetSendCallback(MakeCallback(&RequestResponseServer::Fill, this));
    s->SetCloseCallbacks(MakeCallback(&RequestResponseServer::PeerClosed, this),
                         MakeCallback(&RequestResponseServer::Aborted, this));
}

void
RequestResponseServer::PeerClosed(Ptr<Socket> s)
{
    // The client closed before its response was all queued (it stopped): close our side too,
    // or the socket would wait in CLOSE_WAIT for ever. Erased first: a notification sent back
    // from inside Close() finds nothing to do.
    if (m_conns.erase(s) > 0)
    {
        s->Close();
        DetachLater(s);
    }
}

void
RequestResponseServer::Aborted(Ptr<Socket> s)
{
    if (m_conns.erase(s) > 0)
    {
        DetachLater(s);
    }
}

void
RequestResponseServer::Read(Ptr<Socket> s)
{
    Address from;
    while (Ptr<Packet> p = s->RecvFrom(from))
    {
        // Looked up for each packet: Fill() erases the connection once its response is queued.
        auto it = m_conns.find(s);
        if (it == m_conns.end())
        {
            continue;
        }
        m_rx(p, from);
        Conn& c = it->second;
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        std::size_t at = 0;
        while (!c.headerDone && at < bytes.size())
        {
            c.header.push_back(bytes[at++]);
            if (c.header.size() == kHeader)
            {
                const auto& h = c.header;
                const uint32_t req = uint32_t(h[0]) << 24 | uint32_t(h[1]) << 16 | uint32_t(h[2]) << 8 | h[3];
                c.responseLeft = uint32_t(h[4]) << 24 | uint32_t(h[5]) << 16 | uint32_t(h[6]) << 8 | h[7];
                c.requestLeft = req - kHeader;
                c.headerDone = true;
            }
        }
        if (c.headerDone)
        {
            const uint32_t body = static_cast<uint32_t>(bytes.size() - at);
            c.requestLeft -= std::min(c.requestLeft, body);
            if (c.requestLeft == 0)
            {
                Fill(s, s->GetTxAvailable());
            }
        }
    }
}

void
RequestResponseServer::Fill(Ptr<Socket> s, uint32_t)
{
    auto it = m_conns.find(s);
    if (it == m_conns.end() || !it->second.headerDone || it->second.requestLeft > 0)
    {
        return;
    }
    Conn& c = it->second;
    while (c.responseLeft > 0 && s->GetTxAvailable() > 0)
    {
        const uint32_t n = std::min({c.responseLeft, kChunk, s->GetTxAvailable()});
        if (s->Send(Create<Packet>(n)) < 0)
        {
            break;
        }
        c.responseLeft -= n;
    }
    if (c.responseLeft == 0)
    {
        // TCP sends what is queued, then FIN; the socket is freed after TIME_WAIT.
        m_conns.erase(it);
        s->Close();
        DetachLater(s);
    }
}

} // namespace expressroute
} // namespace ns3
