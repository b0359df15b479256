/**
 * Development only: {@code ./extauth cluster}, the distributed form of extauth on one machine as separate OS
 * processes (three KRaft brokers, PostgreSQL, GreenMail, the vendor simulator and two instances of each service),
 * each supervised through a pid file.
 */
@NullMarked
package io.extauth.localstack.cluster;

import org.jspecify.annotations.NullMarked;
