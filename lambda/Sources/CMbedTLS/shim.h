#include <mbedtls/ssl.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/sha256.h>

/* Error codes the I/O callbacks return, as values: the macros are negative hex literals. */
static inline int cmbedtls_err_want_read(void) { return MBEDTLS_ERR_SSL_WANT_READ; }
static inline int cmbedtls_err_want_write(void) { return MBEDTLS_ERR_SSL_WANT_WRITE; }
static inline int cmbedtls_err_timeout(void) { return MBEDTLS_ERR_SSL_TIMEOUT; }
static inline int cmbedtls_err_send_failed(void) { return MBEDTLS_ERR_NET_SEND_FAILED; }
static inline int cmbedtls_err_recv_failed(void) { return MBEDTLS_ERR_NET_RECV_FAILED; }
static inline int cmbedtls_err_conn_reset(void) { return MBEDTLS_ERR_NET_CONN_RESET; }
static inline int cmbedtls_err_peer_close_notify(void) { return MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY; }
static inline int cmbedtls_err_conn_eof(void) { return MBEDTLS_ERR_SSL_CONN_EOF; }
static inline int cmbedtls_err_cert_verify_failed(void) { return MBEDTLS_ERR_X509_CERT_VERIFY_FAILED; }
