package io.parley.persistence.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * An API user. Only the password hash is stored; the password itself never reaches the database.
 */
@Entity
@Table(name = "app_user")
@NamedQuery(name = "User.byUsername", query = "select u from User u where u.username = :username")
@NamedQuery(name = "User.all", query = "select u from User u order by u.id")
public class User {

  /** The built-in administrator: created on a fresh install, never deleted. */
  public static final String ADMIN_USERNAME = "admin";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 32)
  private String username;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Role role;

  @Column(name = "password_change_required", nullable = false)
  private boolean passwordChangeRequired;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  protected User() {}

  public User(String username, String passwordHash, Role role, long createdAt) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.role = role;
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public String getUsername() {
    return username;
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public Role getRole() {
    return role;
  }

  public boolean isPasswordChangeRequired() {
    return passwordChangeRequired;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public boolean isBuiltInAdmin() {
    return ADMIN_USERNAME.equals(username);
  }

  /** Sets a new password hash and lifts any pending forced change. */
  public void changePassword(String newPasswordHash) {
    this.passwordHash = newPasswordHash;
    this.passwordChangeRequired = false;
  }

  /** Takes the password hash, role and forced-change flag of a restored backup. */
  public void restore(String passwordHash, Role role, boolean passwordChangeRequired) {
    this.passwordHash = passwordHash;
    this.role = role;
    this.passwordChangeRequired = passwordChangeRequired;
  }

  /** Marks the password as one that must be replaced at the next login (the default password). */
  public void requirePasswordChange() {
    this.passwordChangeRequired = true;
  }
}
