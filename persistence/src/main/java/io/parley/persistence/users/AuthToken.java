package io.parley.persistence.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A bearer token issued at login. Only the SHA-256 hash of the token is stored. */
@Entity
@Table(name = "auth_token")
@NamedQuery(
    name = "AuthToken.byHash",
    query = "select t from AuthToken t join fetch t.user where t.tokenHash = :hash")
@NamedQuery(name = "AuthToken.deleteByUser", query = "delete from AuthToken t where t.user = :user")
@NamedQuery(
    name = "AuthToken.deleteExpired",
    query = "delete from AuthToken t where t.expiresAt < :now")
public class AuthToken {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "token_hash", nullable = false, length = 64)
  private String tokenHash;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "user_id", nullable = false)
  private User user;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "expires_at", nullable = false)
  private long expiresAt;

  protected AuthToken() {}

  public AuthToken(String tokenHash, User user, long createdAt, long expiresAt) {
    this.tokenHash = tokenHash;
    this.user = user;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  public Long getId() {
    return id;
  }

  public User getUser() {
    return user;
  }

  public long getExpiresAt() {
    return expiresAt;
  }

  public boolean isExpiredAt(long nowMillis) {
    return nowMillis >= expiresAt;
  }
}
