// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_BGP_SESSION_RESET_H
#define EXPRESSROUTE_FAILURE_BGP_SESSION_RESET_H

// A BGP session is reset: the MSEE sends NOTIFICATION Cease / Administrative Reset (RFC 4486)
// and closes; the customer's router reconnects after its ConnectRetry time. Instantaneous: a
// scenario may not give it a duration.

#include "expressroute-failure.h"
#include "expressroute-bgp-speaker.h"

#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

class BgpSessionReset : public Failure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::BgpSession; }
    bool TakesDuration() const override { return false; }

  protected:
    std::string DoBind() override;
    void DoStart() override;
    void DoClear() override;

  private:
    Ptr<BgpSpeaker> m_speaker;
    uint32_t m_peer{0};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_BGP_SESSION_RESET_H
