package io.parley.persistence.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The business number this node speaks for, once registration has begun: the number and its
 * verified-name certificate, the static transport key the network knows it by, the end-to-end
 * device keys once registered, and the number of shards its traffic is split into. Secrets are
 * stored sealed by the caller. There is one row (id 1). (Connection epochs are in the shard leases;
 * the {@code epoch} column, used before shards, is no longer written.)
 */
@Entity
@Table(name = "account_state")
public class AccountState {

  public static final int ID = 1;

  @Id private int id = ID;

  @Column(name = "cc", nullable = false, length = 4)
  private String countryCode;

  @Column(name = "phone_number", nullable = false, length = 20)
  private String phoneNumber;

  @Column(name = "wa_id", nullable = false, length = 24)
  private String waId;

  @Column(name = "verified_name", nullable = false, length = 256)
  private String verifiedName;

  @Lob
  @Column(nullable = false, columnDefinition = "MEDIUMBLOB")
  private byte[] certificate;

  @Column(nullable = false)
  private boolean registered;

  @Lob
  @Column(name = "transport_key", nullable = false, columnDefinition = "MEDIUMBLOB")
  private byte[] sealedTransportKey;

  @Lob
  @Column(name = "device_keys", columnDefinition = "MEDIUMBLOB")
  private byte[] sealedDeviceKeys;

  @Column(nullable = false)
  @SuppressWarnings("unused")
  private long epoch;

  @Column(nullable = false)
  private int shards = 1;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  @Version private long version;

  protected AccountState() {}

  /** A registration begun for {@code cc}+{@code phoneNumber} with a fresh transport key. */
  public AccountState(
      String countryCode,
      String phoneNumber,
      String verifiedName,
      byte[] certificate,
      byte[] sealedTransportKey,
      long now) {
    this.countryCode = countryCode;
    this.phoneNumber = phoneNumber;
    this.waId = countryCode + phoneNumber;
    this.verifiedName = verifiedName;
    this.certificate = certificate.clone();
    this.sealedTransportKey = sealedTransportKey.clone();
    this.updatedAt = now;
  }

  /** Starts over for another number or certificate, keeping nothing of the previous one. */
  public void restart(
      String countryCode, String phoneNumber, String verifiedName, byte[] certificate, long now) {
    if (!waId.equals(countryCode + phoneNumber)) {
      this.shards = 1;
    }
    this.countryCode = countryCode;
    this.phoneNumber = phoneNumber;
    this.waId = countryCode + phoneNumber;
    this.verifiedName = verifiedName;
    this.certificate = certificate.clone();
    this.registered = false;
    this.sealedDeviceKeys = null;
    this.updatedAt = now;
  }

  /** The code was verified: the account is this node's, with its end-to-end device keys. */
  public void registered(byte[] sealedDeviceKeys, long now) {
    this.registered = true;
    this.sealedDeviceKeys = sealedDeviceKeys.clone();
    this.updatedAt = now;
  }

  /** The device keys changed (a one-time prekey used or new ones generated). */
  public void deviceKeys(byte[] sealedDeviceKeys, long now) {
    this.sealedDeviceKeys = sealedDeviceKeys.clone();
    this.updatedAt = now;
  }

  public String getCountryCode() {
    return countryCode;
  }

  public String getPhoneNumber() {
    return phoneNumber;
  }

  public String getWaId() {
    return waId;
  }

  public String getVerifiedName() {
    return verifiedName;
  }

  public byte[] getCertificate() {
    return certificate.clone();
  }

  public boolean isRegistered() {
    return registered;
  }

  public byte[] getSealedTransportKey() {
    return sealedTransportKey.clone();
  }

  public byte[] getSealedDeviceKeys() {
    return sealedDeviceKeys == null ? null : sealedDeviceKeys.clone();
  }

  /** How many shards the account's traffic is split into. */
  public int getShards() {
    return shards;
  }

  public void setShards(int shards, long now) {
    this.shards = shards;
    this.updatedAt = now;
  }
}
