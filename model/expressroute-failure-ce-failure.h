// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_CE_FAILURE_H
#define EXPRESSROUTE_FAILURE_CE_FAILURE_H

// One of a site's CE routers fails ("<site>/ce<N>"): every link of the router stops (Silent, the
// default: a crashed router behind a provider's switch and the site's LAN switches, whose
// neighbours keep their interfaces up) or goes down (Signalled). The MSEEs find out by BFD or
// the hold timer, the site's hosts by the BFD that watches their default route
// (expressroute-bfd-tracked-route.h), the other CE by its iBGP session's hold timer.

#include "expressroute-failure.h"

namespace ns3
{
namespace expressroute
{

class CeFailure : public LinkSetFailure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::CeRouter; }

  protected:
    std::string DoBind() override;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_CE_FAILURE_H
