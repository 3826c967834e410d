/**
 * The help desk, support inside the app (GV-06): a person opens a request from the dashboard or the terminal
 * client, the operator's staff (installation administrators) answer in the app, both sides are told in the app and
 * by mail, and every request is tracked to an answer with its status history. Subjects and messages are sealed
 * under the requester's key: exported with their data and crypto-shredded with them. Depends on the platform, identity,
 * audit, keys (sealing) and privacy (notices, and sealed content's export).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "identity", "audit", "keys", "privacy"})
package dev.custos.helpdesk;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
