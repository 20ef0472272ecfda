package io.parley.persistence.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One named setting, its value kept as JSON text. Application settings, profile, business profile
 * and the two-step PIN hash are all settings; a missing row means "the default".
 */
@Entity
@Table(name = "app_setting")
@NamedQuery(name = "Setting.all", query = "select s from Setting s order by s.name")
@NamedQuery(name = "Setting.byPrefix", query = "select s from Setting s where s.name like :prefix")
public class Setting {

  @Id
  @Column(length = 128)
  private String name;

  @Column(name = "setting_value", nullable = false, length = 4000)
  private String value;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  protected Setting() {}

  public Setting(String name, String value, long updatedAt) {
    this.name = name;
    this.value = value;
    this.updatedAt = updatedAt;
  }

  public String getName() {
    return name;
  }

  public String getValue() {
    return value;
  }

  public long getUpdatedAt() {
    return updatedAt;
  }

  public void update(String value, long updatedAt) {
    this.value = value;
    this.updatedAt = updatedAt;
  }
}
