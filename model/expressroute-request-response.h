// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_REQUEST_RESPONSE_H
#define EXPRESSROUTE_REQUEST_RESPONSE_H

// Request/response traffic over TCP (an application's calls across the circuit): requests
// arrive as a Poisson process; each opens a connection, sends its request (an 8-byte header
// giving the request and response sizes, then the request body), reads the whole response and
// closes. The client reports each request's completion time, from connect to the last response
// byte, or its failure (connection refused or timed out, reset, closed early, or cut by the
// end). Sizes are fixed, exponential (mean) or uniform (min, max).
//
// Connections end as HTTP/1.0's do: the server closes once the whole response is queued (TCP
// sends it, then FIN), the client closes when that FIN arrives. So only the server's side waits
// in TIME_WAIT (for the server's TimeWait), the client's port is free at once, and neither app
// keeps anything of a connection that is over: its map entry goes when the request is over, its
// callbacks leave the socket when the socket is closed, and the socket leaves TcpL4Protocol's
// list when TCP is done with it.

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>

namespace ns3
{
class Socket;
class Address;

namespace expressroute
{

/// A size distribution: fixed (min == max, mean unset), uniform (min..max), or exponential.
struct SizeDistribution
{
    uint32_t min{1000};
    uint32_t max{1000};
    double mean{0}; ///< > 0: exponential with this mean (clamped to min..max)
};

class RequestResponseClient : public Application
{
  public:
    /// A request finished: bytes received, completion time; or failed (no response).
    typedef void (*RequestCallback)(uint32_t bytes, Time completion, bool ok);

    static TypeId GetTypeId();
    RequestResponseClient();
    ~RequestResponseClient() override;

    void Configure(Ipv4Address server,
                   uint16_t port,
                   double requestsPerSecond,
                   SizeDistribution request,
                   SizeDistribution response);
    /// Fixes the random streams (arrivals, sizes) from @p stream; returns the number used.
    int64_t AssignStreams(int64_t stream);
    /// The requests in progress: connections whose response has not fully arrived.
    std::size_t GetConnectionCount() const { return m_pending.size(); }

  protected:
    void DoDispose() override;

  private:
    struct Pending
    {
        Time started;
        uint32_t expect{0};
        uint32_t received{0};
        uint32_t toSend{0};
    };

    void StartApplication() override;
    void StopApplication() override;
    void ScheduleNext();
    void Issue();
    uint32_t Draw(const SizeDistribution& d);
    void Connected(Ptr<Socket> s);
    void ConnectFailed(Ptr<Socket> s);
    void Fill(Ptr<Socket> s, uint32_t available);
    void Read(Ptr<Socket> s);
    void PeerClosed(Ptr<Socket> s);
    void Aborted(Ptr<Socket> s);
    /// Reports the request on @p s (completed when its whole response arrived) and forgets it;
    /// false when it was not in progress.
    bool End(Ptr<Socket> s);

    Ipv4Address m_server;
    uint16_t m_port{0};
    double m_rate{1};
    SizeDistribution m_request;
    SizeDistribution m_response;
    Ptr<ExponentialRandomVariable> m_arrivals;
    Ptr<UniformRandomVariable> m_uniform;
    EventId m_next;
    std::map<Ptr<Socket>, Pending> m_pending;
    TracedCallback<uint32_t, Time, bool> m_requestDone;
    TracedCallback<Ptr<const Packet>> m_tx;
};

class RequestResponseServer : public Application
{
  public:
    static TypeId GetTypeId();
    RequestResponseServer();
    ~RequestResponseServer() override;
    void SetPort(uint16_t port) { m_port = port; }
    /// The connections being served: request not yet read or response not yet all queued.
    std::size_t GetConnectionCount() const { return m_conns.size(); }

  protected:
    void DoDispose() override;

  private:
    struct Conn
    {
        std::vector<uint8_t> header;
        uint32_t requestLeft{0};
        uint32_t responseLeft{0};
        bool headerDone{false};
    };

    void StartApplication() override;
    void StopApplication() override;
    void Accept(Ptr<Socket> s, const Address& from);
    void Read(Ptr<Socket> s);
    void Fill(Ptr<Socket> s, uint32_t available);
    void PeerClosed(Ptr<Socket> s);
    void Aborted(Ptr<Socket> s);

    uint16_t m_port{0};
    Time m_timeWait;
    Ptr<Socket> m_listener;
    std::map<Ptr<Socket>, Conn> m_conns;
    TracedCallback<Ptr<const Packet>, const Address&> m_rx;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_REQUEST_RESPONSE_H
